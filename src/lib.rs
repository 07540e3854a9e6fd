//! clickpath: follow a documented click path in a real browser and keep evidence of every step.
pub mod browser;
pub mod locate;
pub mod redact;
pub mod runbook;
