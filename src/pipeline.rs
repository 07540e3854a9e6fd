//! The one way from a runbook to a run: read (or take) its text, parse it, resolve it for the run's
//! settings, and configure the run. The command line, the demo and the tests all go through it, so a
//! runbook behaves the same wherever it comes from.

use std::path::{Path, PathBuf};

use crate::article::coverage::coverage;
use crate::article::phrases::Phrases;
use crate::article::read::read_text;
use crate::article::{ArticleFormat, read_article};
use crate::browser::BrowserOptions;
use crate::report::documentation::DocPlan;
use crate::run::failure::StepFailure;
use crate::run::{Confirm, Mode, ReportFormat, RunConfig};
use crate::runbook::model::Runbook;
use crate::runbook::plan::{Plan, Settings, resolve};
use crate::runbook::source::Source;
use crate::runbook::validate::{combinations, validate};
use crate::runbook::{LoadError, parse, read_source};

/// A parsed runbook and the text it came from (for messages that point into it).
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// The file's name as given, and its text.
    pub source: Source,
    /// The runbook as written.
    pub runbook: Runbook,
}

impl Pipeline {
    /// Reads and parses a runbook file.
    pub fn read(path: &Path) -> Result<Pipeline, LoadError> {
        Pipeline::parse(read_source(path)?)
    }

    /// Parses runbook text that did not come from a file of its own (the shipped runbook, a test's).
    pub fn from_text(name: &str, text: &str) -> Result<Pipeline, LoadError> {
        Pipeline::parse(Source {
            name: name.to_owned(),
            text: text.to_owned(),
        })
    }

    fn parse(source: Source) -> Result<Pipeline, LoadError> {
        match parse::parse(&source) {
            Ok(runbook) => Ok(Pipeline { source, runbook }),
            Err(diagnostics) => Err(LoadError::Invalid(source, diagnostics)),
        }
    }

    /// Checks every variant and locale the runbook declares, without values for required params.
    pub fn validate(&self) -> Result<(), LoadError> {
        let problems = validate(&self.runbook);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(LoadError::Invalid(self.source.clone(), problems))
        }
    }

    /// The steps exactly as they will be performed with these settings.
    pub fn plan(&self, settings: &Settings) -> Result<Plan, LoadError> {
        resolve(&self.runbook, settings)
            .map_err(|problems| LoadError::Invalid(self.source.clone(), problems))
    }

    /// The plans of every variant × locale the runbook declares, the other settings as given.
    pub fn matrix(&self, base: &Settings) -> Result<Vec<Plan>, LoadError> {
        combinations(&self.runbook)
            .into_iter()
            .map(|c| {
                self.plan(&Settings {
                    locale: c.locale.or_else(|| base.locale.clone()),
                    variants: c.variants,
                    ..base.clone()
                })
            })
            .collect()
    }

    /// A run of this runbook into `out_dir`: performed, destructive steps refused, every report,
    /// a fresh headless browser; change the fields that differ.
    pub fn config(&self, out_dir: PathBuf) -> RunConfig {
        RunConfig {
            runbook_file: self.source.name.clone(),
            out_dir,
            quiet: false,
            browser: BrowserOptions::default(),
            full_page: false,
            settle: None,
            visual: None,
            mode: Mode::Run,
            confirm: Confirm::Refuse,
            reports: ReportFormat::all(),
            resume: None,
            label: None,
            documentation: None,
            sessions: Default::default(),
        }
    }

    /// The article the runbook names for the plan's locale, with the steps of this run that
    /// implement each instruction (none when the runbook names no article in that locale). An
    /// article that cannot be read is reported as such, never a reason not to run.
    pub fn documentation(&self, plan: &Plan) -> Option<DocPlan> {
        let (_, path) = self.runbook.article.entry(&plan.locale)?;
        let folder = Path::new(&self.source.name)
            .parent()
            .unwrap_or(Path::new("."));
        let file = folder.join(&path.value);
        let text = match read_text(&file) {
            Ok(text) => text,
            Err(e) => return Some(DocPlan::unreadable(&plan.locale, &path.value, e)),
        };
        let Some(phrases) = Phrases::for_locale(&plan.locale) else {
            return Some(DocPlan::unreadable(
                &plan.locale,
                &path.value,
                format!("clickpath has no phrase table for locale `{}`", plan.locale),
            ));
        };
        let name = file.display().to_string();
        let article = read_article(&name, &text, ArticleFormat::guess(&name, &text));
        let run = coverage(&article, std::slice::from_ref(plan), &phrases);
        // Every variant's steps in this locale, to tell another variant's instructions from
        // instructions nobody implements.
        let every = Settings {
            locale: Some(plan.locale.clone()),
            allow_missing: true,
            ..Settings::default()
        };
        let all = match self.matrix(&every) {
            Ok(plans) => {
                let plans: Vec<Plan> = plans
                    .into_iter()
                    .filter(|p| p.locale == plan.locale)
                    .collect();
                coverage(&article, &plans, &phrases)
            }
            Err(_) => run.clone(),
        };
        Some(DocPlan::new(&path.value, &article, plan, &run, &all))
    }

    /// A failed step as a person reads it: at its line in this runbook, secrets removed.
    pub fn render_failure(&self, failure: &StepFailure, plan: &Plan) -> String {
        failure.render(&self.source, &|text: &str| plan.redactor.redact(text))
    }
}
