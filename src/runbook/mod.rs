//! Runbooks: the model, the positioned parser and the checks that run before any browser starts.
pub mod duration;
pub mod model;
pub mod parse;
pub mod plan;
pub mod source;
pub mod tree;
pub mod vars;
