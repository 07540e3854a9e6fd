//! Which steps to approve: `--all`, or `--steps 3,5-7`.

use std::fmt;

/// The steps chosen on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepSelection {
    /// Every step with a screenshot.
    All,
    /// These step numbers (1-based), ascending, each once.
    Indices(Vec<usize>),
}

/// A `--steps` list that cannot be read: the item, where it starts, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionError {
    /// The whole list as given.
    pub input: String,
    /// The item at fault.
    pub item: String,
    /// Its byte offset in the list.
    pub offset: usize,
    /// What is wrong with it.
    pub kind: SelectionErrorKind,
}

/// What is wrong with a `--steps` item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectionErrorKind {
    /// Nothing between two commas (or no list at all).
    Empty,
    /// Neither a number nor a range.
    NotANumber,
    /// Step 0: steps are numbered from 1.
    Zero,
    /// A range that goes down (`7-5`).
    Reversed,
}

impl fmt::Display for SelectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            SelectionErrorKind::Empty if self.input.trim().is_empty() => {
                return write!(f, "no steps given: expected step numbers such as 3,5-7");
            }
            SelectionErrorKind::Empty => {
                "an empty item: expected a step number or a range such as 5-7"
            }
            SelectionErrorKind::NotANumber => "expected a step number or a range such as 5-7",
            SelectionErrorKind::Zero => "steps are numbered from 1",
            SelectionErrorKind::Reversed => "a range goes from the lower number up, such as 5-7",
        };
        if self.kind == SelectionErrorKind::Empty {
            return write!(f, "{:?} at column {}: {what}", self.input, self.offset + 1);
        }
        write!(f, "{:?}: {what}", self.item)?;
        if self.item != self.input {
            write!(f, " (in {:?} at column {})", self.input, self.offset + 1)?;
        }
        Ok(())
    }
}

impl std::error::Error for SelectionError {}

/// Reads `3,5-7` (spaces around items allowed) into ascending, distinct step numbers.
pub fn parse_steps(input: &str) -> Result<StepSelection, SelectionError> {
    let mut steps = Vec::new();
    let mut offset = 0;
    for raw in input.split(',') {
        let lead = raw.len() - raw.trim_start().len();
        let item = raw.trim();
        let error = |kind| SelectionError {
            input: input.to_owned(),
            item: item.to_owned(),
            offset: offset + lead,
            kind,
        };
        if item.is_empty() {
            return Err(error(SelectionErrorKind::Empty));
        }
        let number = |s: &str| {
            let s = s.trim();
            match s.parse::<usize>() {
                Ok(0) => Err(error(SelectionErrorKind::Zero)),
                Ok(n) if s.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
                _ => Err(error(SelectionErrorKind::NotANumber)),
            }
        };
        match item.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (number(from)?, number(to)?);
                if from > to {
                    return Err(error(SelectionErrorKind::Reversed));
                }
                steps.extend(from..=to);
            }
            None => steps.push(number(item)?),
        }
        offset += raw.len() + 1;
    }
    steps.sort_unstable();
    steps.dedup();
    Ok(StepSelection::Indices(steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(input: &str) -> String {
        parse_steps(input).expect_err(input).to_string()
    }

    #[test]
    fn reads_numbers_and_ranges() {
        assert_eq!(
            parse_steps("3,5-7"),
            Ok(StepSelection::Indices(vec![3, 5, 6, 7]))
        );
        assert_eq!(
            parse_steps(" 7 , 2-3, 3 ,5-5"),
            Ok(StepSelection::Indices(vec![2, 3, 5, 7]))
        );
    }

    #[test]
    fn says_which_item_is_wrong_and_where() {
        assert_eq!(
            message("5-x"),
            r#""5-x": expected a step number or a range such as 5-7"#
        );
        assert_eq!(
            message("3,5-x"),
            r#""5-x": expected a step number or a range such as 5-7 (in "3,5-x" at column 3)"#
        );
        assert_eq!(
            message("1, +2"),
            r#""+2": expected a step number or a range such as 5-7 (in "1, +2" at column 4)"#
        );
        assert_eq!(message("0"), r#""0": steps are numbered from 1"#);
        assert_eq!(
            message("2,7-5"),
            r#""7-5": a range goes from the lower number up, such as 5-7 (in "2,7-5" at column 3)"#
        );
        assert_eq!(
            message("3,,4"),
            r#""3,,4" at column 3: an empty item: expected a step number or a range such as 5-7"#
        );
        assert_eq!(
            message(""),
            "no steps given: expected step numbers such as 3,5-7"
        );
        assert_eq!(
            message("1-2-3"),
            r#""1-2-3": expected a step number or a range such as 5-7"#
        );
    }
}
