//! Visual drift: each step's screenshot compared with an approved baseline image.
//!
//! [`pixelmatch`] is the per-pixel method, [`compare`] turns two PNGs into a [`compare::Comparison`]
//! and its diff image, [`verdict`] decides same, drifted or new, [`baseline`] is the folder of approved
//! images with its `baseline.json` ([`manifest`]), and [`approve`] copies a run's screenshots into it
//! for the steps a [`selection`] names.
pub mod approve;
pub mod baseline;
pub mod compare;
pub mod error;
pub mod manifest;
pub mod pixelmatch;
pub mod selection;
pub mod verdict;

/// The diff image's file name for a step's stem (`03-click-x` → `03-click-x.diff.png`).
pub fn diff_file_name(step_stem: &str) -> String {
    format!("{step_stem}.diff.png")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_diff_after_the_step() {
        assert_eq!(super::diff_file_name("03-click-x"), "03-click-x.diff.png");
    }
}
