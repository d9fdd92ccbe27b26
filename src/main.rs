//! The `mura` binary: parses the command line and calls one library function per
//! subcommand. Errors print as `mura: {err:#}` and exit with status 2; a closed output
//! pipe (`mura export | head`) is not an error.

mod cli;

use clap::Parser;
use cli::{CheckArgs, Cli, Command, InputArgs, ReportFormat};
use mura::format;
use mura::query::{self, Output, QueryText};
use oxigraph::io::RdfFormat;
use std::io::Write;
use std::process::ExitCode;

/// mimalloc instead of glibc malloc: the streaming paths allocate and free millions of
/// small strings on two threads (see the comment in Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(err)
            if err
                .downcast_ref::<mura::Error>()
                .is_some_and(mura::Error::is_broken_pipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("mura: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn input(args: InputArgs) -> mura::Input {
    mura::Input {
        data: args.data,
        store: args.store,
        base: args.base,
    }
}

fn checks(args: CheckArgs) -> mura::Checks {
    mura::Checks {
        validate: !args.no_validate,
        allow_warnings: args.allow_warnings,
        shapes: args.shapes,
        langs: Vec::new(),
        quiet: args.quiet,
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    match command {
        Command::Build {
            data,
            store,
            base,
            checks: c,
        } => {
            let data = data.unwrap_or_else(|| mura::Input::default().data_dir());
            if mura::bulk::is_bulk(&data) {
                // CSV tables: streamed into the store (see mura::pipeline)
                let r = mura::pipeline::build(&data, base.as_deref(), store.as_deref(), c.quiet)?;
                let report = mura::BuildReport {
                    summary: r.summary,
                    target: r.target,
                    validation: None,
                };
                mura::write_summary(&report, &r.base, &mut stdout.lock())?;
                return Ok(ExitCode::SUCCESS);
            }
            let report = mura::build(&data, base.as_deref(), store.as_deref(), &checks(c))?;
            let base = mura::dataset_base(&data, base.as_deref());
            mura::write_summary(&report, &base, &mut stdout.lock())?;
        }
        Command::Query {
            query,
            expression,
            format: fmt,
            lang,
            queries,
            input: args,
        } => {
            let query = match expression {
                Some(text) => QueryText {
                    origin: "-e".into(),
                    text,
                },
                None => query::resolve(
                    &query.unwrap_or_default(),
                    &queries.unwrap_or_else(mura::default_queries_dir),
                )?,
            };
            let mut output = Output {
                langs: lang,
                ..Output::default()
            };
            if let Some(f) = &fmt {
                output.results = format::results_format(f);
                output.rdf = format::rdf_format(f);
                if output.results.is_none() && output.rdf.is_none() {
                    anyhow::bail!(mura::Error::Usage(format!(
                        "unknown format `{f}`: use json, xml, csv or tsv for SELECT/ASK, or an RDF format (turtle, ntriples, rdfxml, jsonld, …) for CONSTRUCT/DESCRIBE"
                    )));
                }
            }
            let mut out = stdout.lock();
            mura::run_query(&input(args), &query, &mut output, &mut out)?;
            out.flush().map_err(|source| mura::Error::Write {
                path: "<stdout>".into(),
                source,
            })?;
        }
        Command::Export {
            output,
            format: fmt,
            graph,
            input: args,
            checks: c,
        } => {
            let format = format::resolve_rdf(fmt.as_deref(), output.as_deref(), RdfFormat::Turtle)?;
            mura::export(
                &input(args),
                &mura::ExportOptions {
                    format,
                    graph,
                    output,
                },
                &checks(c),
            )?;
        }
        Command::Validate {
            shapes,
            format: fmt,
            lang,
            rdf,
            input: args,
        } => {
            let c = mura::Checks {
                shapes,
                langs: lang,
                ..mura::Checks::default()
            };
            let (report, shapes, quads, base) =
                mura::validate_graph(&input(args), rdf.as_deref(), &c)?;
            let labels = mura::validate::Labels {
                quads: &quads,
                langs: &c.langs,
                base: &base,
            };
            let mut out = stdout.lock();
            match fmt {
                ReportFormat::Text => {
                    mura::validate::write_text(&report, &shapes, &labels, &mut out)?
                }
                ReportFormat::Turtle => mura::validate::write_turtle(&report, &base, &mut out)?,
                ReportFormat::Json => mura::validate::write_json(&report, &labels, &mut out)?,
            }
            out.flush()?;
            return Ok(if report.conforms() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Command::Queries { queries } => {
            let dir = queries.unwrap_or_else(mura::default_queries_dir);
            let mut rows = Vec::new();
            for name in query::named_queries(&dir)? {
                let text = query::resolve(&name, &dir)?.text;
                rows.push(vec![name, query::header(&text).replace('\n', " / ")]);
            }
            query::write_table(
                &mut stdout.lock(),
                &["name".into(), "question".into()],
                &rows,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
