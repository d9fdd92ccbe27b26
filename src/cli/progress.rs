//! The binary's [`mura::progress::Progress`]: long work (bulk build, export) on standard
//! error as an indicatif bar with rate and ETA when stderr is a terminal, one log line every
//! few seconds otherwise, nothing when quiet; and the closing summary (rows, triples,
//! seconds, triples per second).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How often the non-terminal log line is written.
const LOG_EVERY: Duration = Duration::from_secs(5);

/// A progress reporter; it starts drawing when the library starts a piece of work.
pub struct Progress {
    label: String,
    total: u64,
    quiet: bool,
    bar: Option<ProgressBar>,
    start: Instant,
    last_log: Instant,
}

impl Progress {
    /// A reporter that writes nothing until work starts; nothing at all when `quiet`.
    pub fn new(quiet: bool) -> Self {
        Self::start(String::new(), 0, quiet, false)
    }

    /// `label` names the work (`build`, `export`); `total` is the input size in bytes.
    fn start(label: String, total: u64, quiet: bool, draw: bool) -> Self {
        let bar = (draw && !quiet && std::io::stderr().is_terminal()).then(|| {
            // a known input size gives a bar with ETA; an unknown one (a store) a spinner
            let (length, template) = if total > 0 {
                (
                    Some(total),
                    "{prefix} [{bar:30}] {percent:>3}% {msg} ({elapsed_precise}, ETA {eta})",
                )
            } else {
                (None, "{prefix} {spinner} {msg} ({elapsed_precise})")
            };
            let bar = ProgressBar::with_draw_target(length, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_prefix(format!("mura {label}"));
            bar
        });
        Self {
            label,
            total,
            quiet,
            bar,
            start: Instant::now(),
            last_log: Instant::now(),
        }
    }
}

impl Progress {
    /// What `rows` counts: records, or the chunks of a push.
    fn unit(&self) -> &'static str {
        if self.label.starts_with("push <") {
            "chunks"
        } else {
            "rows"
        }
    }
}

impl mura::progress::Progress for Progress {
    fn start(&mut self, label: &str, total_bytes: u64) {
        *self = Progress::start(label.to_owned(), total_bytes, self.quiet, true);
    }

    fn update(&mut self, bytes: u64, rows: u64, triples: u64) {
        if self.quiet {
            return;
        }
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let rate = triples as f64 / secs;
        if let Some(bar) = &self.bar {
            if self.total > 0 {
                bar.set_position(bytes.min(self.total));
            } else {
                bar.tick();
            }
            bar.set_message(format!(
                "{rows} {}, {} triples, {}/s",
                self.unit(),
                human(triples as f64),
                human(rate)
            ));
        } else if self.last_log.elapsed() >= LOG_EVERY {
            self.last_log = Instant::now();
            let done = if self.total > 0 {
                bytes as f64 / self.total as f64
            } else {
                0.0
            };
            let eta = if self.total == 0 {
                "?".into()
            } else if done > 0.0 {
                format!("{:.0} s", secs * (1.0 - done) / done)
            } else {
                "?".into()
            };
            let percent = if self.total > 0 {
                format!("{:.0}% ", done * 100.0)
            } else {
                String::new()
            };
            eprintln!(
                "mura {}: {percent}{rows} {}, {} triples, {} triples/s, ETA {eta}",
                self.label,
                self.unit(),
                human(triples as f64),
                human(rate)
            );
        }
    }

    fn finish(&mut self, rows: u64, triples: u64) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.quiet || self.label.is_empty() || self.label == "build" && self.total == 0 {
            return;
        }
        let secs = self.start.elapsed().as_secs_f64();
        let peak = peak_memory()
            .map(|b| format!(", peak memory {} MB", b / 1_000_000))
            .unwrap_or_default();
        eprintln!(
            "mura {}: {rows} {}, {triples} triples in {secs:.2} s ({} triples/s){peak}",
            self.label,
            self.unit(),
            human(triples as f64 / secs.max(1e-9))
        );
    }

    fn note(&mut self, text: &str) {
        if self.quiet {
            return;
        }
        let line = match self.label.as_str() {
            "" => format!("mura: {text}"),
            label => format!("mura {label}: {text}"),
        };
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }
}

/// 1234567 → `1.23M`.
fn human(n: f64) -> String {
    if n >= 1e6 {
        format!("{:.2}M", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1}k", n / 1e3)
    } else {
        format!("{n:.0}")
    }
}

/// The process's peak resident memory in bytes (`VmHWM` of `/proc/self/status`; Linux
/// only): what a streamed build or export needed, whatever the size of its tables.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
