//! Reports: one result model of the run, one module per format.
pub mod json;
pub mod model;
