//! `clickpath draft`: a runbook from an article. Sections come from the headings, steps from the
//! instructions (one or more a sentence, each carrying its sentence as `doc:`), UI words become the
//! locale's `labels:`, variant subsections (`Salesforce Classic:`) a `ui` variant with `when:`
//! sections; what is not recognized becomes a `manual:` step with a TODO, so nothing is dropped.

use super::coverage::is_subsection;
use super::phrases::Phrases;
use super::sentences::{collapse, split};
use super::{Article, ArticleLine};
use crate::evidence::naming::slug;

/// A drafted runbook and how much of it was recognized.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The runbook, as YAML.
    pub yaml: String,
    /// How many steps it has.
    pub steps: usize,
    /// How many of them came from a recognized instruction (the rest are `manual:` TODOs).
    pub recognized: usize,
}

/// One step: its action line(s) and options, in YAML, and whether an instruction was recognized.
struct Step {
    lines: Vec<String>,
    recognized: bool,
}

struct Section {
    name: String,
    when: Option<String>,
    /// It opens its application afresh (`independent: true`).
    independent: bool,
    notes: Vec<String>,
    steps: Vec<Step>,
}

/// What the drafter has collected so far.
struct Drafter<'p> {
    phrases: &'p Phrases,
    locale: String,
    labels: Vec<(String, String)>,
    params: Vec<String>,
    variants: Vec<String>,
    sections: Vec<Section>,
    /// A row named by the sentence before ("Individuare il pacchetto X."), for the next click.
    row: Option<String>,
    /// Text that belongs in the next step's `doc:` (a row or a list's introduction).
    carried: Option<String>,
    /// A confirmation (a ticked box, a typed phrase) was given in this section.
    armed: bool,
    /// Items of a list to review follow.
    in_list: bool,
}

/// Drafts a runbook from the article, in the language of `phrases`.
pub fn draft(article: &Article, phrases: &Phrases, name: &str) -> Draft {
    let mut d = Drafter {
        phrases,
        locale: phrases.locale.clone(),
        labels: Vec::new(),
        params: Vec::new(),
        variants: Vec::new(),
        sections: Vec::new(),
        row: None,
        carried: None,
        armed: false,
        in_list: false,
    };
    let mut description = Vec::new();
    for section in &article.sections {
        let Some(heading) = &section.heading else {
            description.extend(section.lines.iter().map(|l| l.text.clone()));
            continue;
        };
        d.section(heading, &section.lines);
    }
    d.yaml(name, &description)
}

impl Drafter<'_> {
    fn section(&mut self, heading: &str, lines: &[ArticleLine]) {
        self.open(heading.to_owned(), None);
        // A variant's subsection (`Salesforce Classic:`) runs to the next one; the last runs as long
        // as the first did, since a flat list does not say where it ends.
        let mut current: Option<(usize, Option<usize>)> = None; // (items so far, items left)
        let mut first_len: Option<usize> = None;
        let mut parts = 1;
        for line in lines {
            if !line.item {
                self.note(&line.text);
                continue;
            }
            if is_subsection(&line.text) {
                if let Some((counted, _)) = current
                    && first_len.is_none()
                {
                    first_len = Some(counted);
                }
                current = Some((0, first_len));
                let title = line.text.trim_end().trim_end_matches(':').to_owned();
                let value = slug(&title).replace('-', "_");
                if !self.variants.contains(&value) {
                    self.variants.push(value.clone());
                }
                self.open(format!("{heading} ({title})"), Some(value));
                continue;
            }
            if let Some((counted, left)) = current.as_mut() {
                if *left == Some(0) {
                    current = None;
                    parts += 1;
                    self.open(format!("{heading} ({parts})"), None);
                } else {
                    *counted += 1;
                    if let Some(l) = left.as_mut() {
                        *l -= 1;
                    }
                }
            }
            self.item(line);
        }
    }

    fn open(&mut self, name: String, when: Option<String>) {
        self.sections.push(Section {
            name,
            when,
            independent: false,
            notes: Vec::new(),
            steps: Vec::new(),
        });
        self.row = None;
        self.carried = None;
        self.armed = false;
        self.in_list = false;
    }

    fn note(&mut self, text: &str) {
        if let Some(s) = self.sections.last_mut() {
            s.notes.push(text.to_owned());
        }
    }

    fn push(&mut self, step: Step) {
        if let Some(s) = self.sections.last_mut() {
            s.steps.push(step);
        }
    }

    /// The `@key` of a UI word, added to the labels.
    fn label(&mut self, text: &str) -> String {
        let key = {
            let base = slug(text).replace('-', "_");
            let base = if base.is_empty() {
                "label".to_owned()
            } else {
                base
            };
            base.chars().take(40).collect::<String>()
        };
        if let Some((k, _)) = self.labels.iter().find(|(_, t)| t == text) {
            return format!("@{k}");
        }
        let mut unique = key.clone();
        let mut n = 2;
        while self.labels.iter().any(|(k, _)| *k == unique) {
            unique = format!("{key}_{n}");
            n += 1;
        }
        self.labels.push((unique.clone(), text.to_owned()));
        format!("@{unique}")
    }

    fn item(&mut self, line: &ArticleLine) {
        for sentence in split(&line.text) {
            let doc = match self.carried.take() {
                Some(before) => format!("{before} {sentence}"),
                None => sentence.clone(),
            };
            let steps = self.steps_of(&sentence);
            if steps.is_empty() {
                // Only context (a row, a list's introduction): it goes with the next step.
                self.carried = Some(doc);
                continue;
            }
            for mut step in steps {
                step.lines.push(format!("doc: {}", quote(&doc)));
                self.push(step);
            }
        }
    }

    /// The steps a sentence asks for; none for a sentence that only sets the context.
    fn steps_of(&mut self, sentence: &str) -> Vec<Step> {
        let p = self.phrases;
        let s = sentence.trim();
        if let Some(app) = p.after(s, &p.sign_in) {
            // The application opens at its own address: a section from here starts afresh, so
            // `check` goes on here after a step that cannot be undone.
            let app = p.without_noun(&app, &p.sign_in_noun);
            let base = format!("{}_url", slug(&app).replace('-', "_"));
            let param = self.param(&base, &format!("the address of {app}"), None);
            if let Some(section) = self.sections.last_mut() {
                section.independent = true;
            }
            return vec![Step {
                lines: vec![format!("goto: \"${{{param}}}\"")],
                recognized: true,
            }];
        }
        if p.says(s, &p.outside) {
            return vec![Step {
                lines: vec![format!("manual: {}", quote(s))],
                recognized: true,
            }];
        }
        if let Some(row) = p.after(s, &p.row) {
            self.row = Some(p.without_noun(&row, &p.row_noun));
            return Vec::new();
        }
        if !s.ends_with(':') && p.says(s, &p.review) && p.ui_words(s).is_empty() {
            // A screen to look at: its screenshot is the evidence.
            return vec![Step {
                lines: vec![format!("screenshot: {}", quote(&shorten(s)))],
                recognized: true,
            }];
        }
        if s.ends_with(':') {
            self.in_list = true;
            // A list to review: the screen showing it is evidence of its own.
            return if p.says(s, &p.review) {
                vec![Step {
                    lines: vec![format!("screenshot: {}", quote(&shorten(s)))],
                    recognized: true,
                }]
            } else {
                Vec::new()
            };
        }
        let mut steps = Vec::new();
        if p.says(s, &p.reason) {
            let param = self.param("reason", "the reason given for the change", None);
            steps.push(Step {
                lines: vec![format!(
                    "select: {{ role: combobox, option: \"${{{param}}}\" }}"
                )],
                recognized: true,
            });
        }
        if let Some(typed) = p.after(s, &p.type_text)
            && p.says(s, &p.type_into)
        {
            // The text typed ends where the field is named ("... nel campo di testo").
            let lower = typed.to_lowercase();
            let end = p
                .type_into
                .iter()
                .filter_map(|into| lower.find(into.as_str()))
                .min()
                .unwrap_or(typed.len());
            let value = self.label(typed[..end].trim());
            steps.push(Step {
                lines: vec![format!("fill: {{ role: textbox, value: \"{value}\" }}")],
                recognized: true,
            });
            self.armed = true;
        }
        if !steps.is_empty() {
            return steps;
        }
        if p.says(s, &p.check) {
            let words = p.ui_words(s);
            if let Some(label) = words.first() {
                let key = self.label(label);
                self.armed = true;
                return vec![Step {
                    lines: vec![format!("check: \"{key}\"")],
                    recognized: true,
                }];
            }
        }
        let words = p.ui_words(s);
        if let [only] = words.as_slice()
            && let Some((a, b)) = only.split_once(&p.or)
            && p.says(s, &p.click)
        {
            return vec![self.choice(a, b)];
        }
        if !words.is_empty() {
            self.in_list = false;
            let row = self.row.take();
            let last = words.len() - 1;
            // "Navigate to Build > Develop > Installed Packages": the first part of a longer path
            // is the menu's section header, found rather than clicked (a click may fold it).
            let header = p
                .after(s, &p.navigate)
                .map(|path| path.split('>').map(collapse).collect::<Vec<_>>())
                .filter(|parts| parts.len() >= 3)
                .and_then(|parts| parts.into_iter().next());
            return words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let key = self.label(w);
                    if header.as_ref() == Some(w) && words.iter().position(|x| x == w) == Some(i) {
                        return Step {
                            lines: vec![format!("expect: {{ text: \"{key}\" }}")],
                            recognized: true,
                        };
                    }
                    let mut lines = vec![format!("click: \"{key}\"")];
                    // "Click the gear icon Setup and select Setup": the second is an item of the
                    // menu the first opened (the button keeps its name while the menu is open).
                    if i > 0 && words[..i].contains(w) {
                        lines.push("within: { role: menu }".to_owned());
                    }
                    if let Some(row) = row.as_ref().filter(|_| i == last) {
                        lines.push(format!("within: {{ row: {} }}", quote(row)));
                    }
                    if i == last && self.armed && p.is_destructive(w) {
                        lines.push("destructive: true".to_owned());
                    }
                    Step {
                        lines,
                        recognized: true,
                    }
                })
                .collect();
        }
        if self.in_list {
            let key = self.label(s.trim_end_matches('.'));
            return vec![Step {
                lines: vec![format!("expect: {{ text: \"{key}\" }}")],
                recognized: true,
            }];
        }
        vec![Step {
            lines: vec![
                "# TODO: not recognized; write the step this sentence asks for".to_owned(),
                format!("manual: {}", quote(s)),
            ],
            recognized: false,
        }]
    }

    /// "Selezionare A o B": a `choose:` driven by a param whose choices are the options.
    fn choice(&mut self, a: &str, b: &str) -> Step {
        let options = [a.trim(), b.trim()];
        let choices = options
            .iter()
            .map(|o| quote(o))
            .collect::<Vec<_>>()
            .join(", ");
        let param = self.param(
            "choice",
            "which option to select",
            Some(format!(
                "default: {}, choices: [{choices}]",
                quote(options[0])
            )),
        );
        Step {
            lines: vec![format!("choose: \"${{{param}}}\"")],
            recognized: true,
        }
    }

    fn param(&mut self, base: &str, description: &str, extra: Option<String>) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while self
            .params
            .iter()
            .any(|p| p.starts_with(&format!("{name}:")))
        {
            name = format!("{base}_{n}");
            n += 1;
        }
        let body = match extra {
            Some(extra) => format!("{{ {extra}, description: {} }}", quote(description)),
            None => format!("{{ required: true, description: {} }}", quote(description)),
        };
        self.params.push(format!("{name}: {body}"));
        name
    }

    fn yaml(self, name: &str, description: &[String]) -> Draft {
        let mut out = String::new();
        out.push_str(
            "# Drafted by `clickpath draft`: each step carries the article's sentence as `doc:`.\n",
        );
        out.push_str(
            "# Check the TODOs, the `start_url` and the labels against the UI before a real run.\n",
        );
        out.push_str(&format!("name: {}\n", quote(name)));
        if !description.is_empty() {
            out.push_str(&format!("description: {}\n", quote(&description.join(" "))));
        }
        out.push_str(&format!("locale: {}\n", self.locale));
        out.push_str("params:\n  start_url: { required: true, description: \"where the procedure starts\" }\n");
        for p in &self.params {
            out.push_str(&format!("  {p}\n"));
        }
        if !self.labels.is_empty() {
            out.push_str("labels:\n");
            for (k, t) in &self.labels {
                out.push_str(&format!("  {k}: {{ {}: {} }}\n", self.locale, quote(t)));
            }
        }
        if !self.variants.is_empty() {
            out.push_str(&format!(
                "variants:\n  ui: {{ choices: [{}] }}\n",
                self.variants.join(", ")
            ));
        }
        out.push_str("sections:\n");
        let (mut steps, mut recognized) = (0, 0);
        let mut first = true;
        for section in &self.sections {
            if section.steps.is_empty() && section.when.is_none() {
                continue;
            }
            out.push_str(&format!("  - name: {}\n", quote(&section.name)));
            if let Some(value) = &section.when {
                out.push_str(&format!("    when: {{ ui: {value} }}\n"));
            }
            if section.independent {
                out.push_str("    independent: true\n");
            }
            for note in &section.notes {
                out.push_str(&format!("    # {note}\n"));
            }
            out.push_str("    steps:\n");
            if first {
                out.push_str("      - goto: \"${start_url}\"\n");
                first = false;
            }
            if section.steps.is_empty() {
                out.push_str("      - manual: \"TODO: this part of the article names no step\"\n");
            }
            for step in &section.steps {
                steps += 1;
                recognized += usize::from(step.recognized);
                let mut lead = "      - ";
                for line in &step.lines {
                    if line.starts_with('#') {
                        out.push_str(&format!("      {line}\n"));
                        continue;
                    }
                    out.push_str(&format!("{lead}{line}\n"));
                    lead = "        ";
                }
            }
        }
        Draft {
            yaml: out,
            steps,
            recognized,
        }
    }
}

/// A YAML double-quoted scalar (JSON's string syntax is YAML's).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A screenshot's name from a long sentence.
fn shorten(text: &str) -> String {
    let words: Vec<&str> = text
        .trim_end_matches(':')
        .split_whitespace()
        .take(8)
        .collect();
    words.join(" ")
}
