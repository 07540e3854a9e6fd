//! clickpath: follow a documented click path in a real browser and keep evidence of every step.
pub mod article;
pub mod browser;
pub mod cli;
pub mod demo;
pub mod evidence;
pub mod html_escape;
pub mod locate;
pub mod pipeline;
pub mod practice;
pub mod redact;
pub mod report;
pub mod run;
pub mod runbook;
pub mod session_file;
pub mod totp;
pub mod visual;
