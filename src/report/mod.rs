//! Reports: one result model of the run, one module per format.
pub mod docs_view;
pub mod documentation;
pub mod html;
pub mod json;
pub mod junit;
pub mod model;
pub mod procedure;
