//! Running a subcommand: the parsed arguments become the library's options in one place
//! per subcommand, then one library call, then printing.

use super::progress::Progress;
use super::{CheckArgs, Command, InputArgs, ReportFormat};
use mura::format;
use mura::query::{self, Output, QueryText};
use oxigraph::io::RdfFormat;
use std::io::Write;
use std::process::ExitCode;

fn input(args: InputArgs) -> mura::Input {
    mura::Input {
        data: args.data,
        store: args.store,
        base: args.base,
    }
}

fn checks(args: &CheckArgs) -> mura::Checks {
    mura::Checks {
        validate: !args.no_validate,
        allow_warnings: args.allow_warnings,
        shapes: args.shapes.clone(),
        langs: Vec::new(),
    }
}

/// The first line of a secret file (never echoed: a missing file is named, its content not).
fn secret_file(path: &std::path::Path, flag: &str) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path).map_err(|source| mura::Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let line = text.lines().next().unwrap_or("").trim().to_owned();
    if line.is_empty() {
        anyhow::bail!(mura::Error::Usage(format!(
            "{flag} {}: the file is empty; put the secret on its first line",
            path.display()
        )));
    }
    Ok(line)
}

/// `mura push`'s credentials: --user with --password-file or MURA_PUSH_PASSWORD;
/// --token-file or MURA_PUSH_TOKEN.
fn credentials(
    user: Option<String>,
    password_file: Option<std::path::PathBuf>,
    token_file: Option<std::path::PathBuf>,
) -> anyhow::Result<mura::push::Credentials> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(user) = user {
        let password = match password_file {
            Some(path) => secret_file(&path, "--password-file")?,
            None => env("MURA_PUSH_PASSWORD").ok_or_else(|| {
                mura::Error::Usage(format!(
                    "--user {user}: give the password with --password-file FILE or the MURA_PUSH_PASSWORD environment variable (never on the command line)"
                ))
            })?,
        };
        return Ok(mura::push::Credentials::User { user, password });
    }
    if let Some(path) = token_file {
        return Ok(mura::push::Credentials::Token(secret_file(
            &path,
            "--token-file",
        )?));
    }
    Ok(match env("MURA_PUSH_TOKEN") {
        Some(token) => mura::push::Credentials::Token(token),
        None => mura::push::Credentials::None,
    })
}

/// The access log: one line per request on standard error.
struct StderrLog;

impl mura::serve::AccessLog for StderrLog {
    fn record(&self, access: &mura::serve::Access) {
        eprintln!("{access}");
    }
}

/// Runs one subcommand: its arguments become the library's options, then one library call.
pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    match command {
        Command::Init { dir } => {
            for file in mura::pipeline::init::init(&dir)? {
                writeln!(stdout.lock(), "wrote {}", file.display())?;
            }
        }
        Command::Build {
            data,
            store,
            base,
            checks: c,
        } => {
            let input = mura::Input {
                data,
                store: None,
                base,
            };
            let mut progress = Progress::new(c.quiet);
            let report = mura::build(&input, store.as_deref(), &checks(&c), &mut progress)?;
            mura::write_summary(&report, &mut stdout.lock())?;
        }
        Command::Serve {
            data,
            store,
            bind,
            public_base,
            timeout,
            writable,
            token_file,
            htpasswd,
            allow_service,
            cors,
            max_body,
            max_queries,
            queries,
            quiet,
        } => {
            let source = match store {
                Some(dir) => mura::serve::Source::Store(dir),
                None => mura::serve::Source::Input(mura::Input {
                    data,
                    store: None,
                    base: None,
                }),
            };
            let options = mura::serve::Options {
                bind,
                public_base,
                timeout: std::time::Duration::from_secs(timeout),
                writable,
                token_file,
                htpasswd,
                allow_service,
                cors,
                max_body_bytes: max_body,
                max_concurrent_queries: max_queries,
                queries_dir: queries,
                profiles_dir: None,
            };
            let log: Option<std::sync::Arc<dyn mura::serve::AccessLog>> = if quiet {
                None
            } else {
                Some(std::sync::Arc::new(StderrLog))
            };
            no_huge_pages();
            let (stop, stopped) = std::sync::mpsc::channel();
            ctrlc::set_handler(move || {
                let _ = stop.send(());
            })?;
            mura::serve::run(
                source,
                options,
                log,
                |server| eprintln!("mura: serving on {}/ (Ctrl-C stops)", server.url()),
                stopped,
            )?;
            eprintln!("mura: stopped");
        }
        Command::Query {
            query,
            expression,
            format: fmt,
            lang,
            queries,
            service_endpoint,
            user_agent,
            timeout,
            rdf,
            input: args,
        } => {
            let services = mura::query::federation::ServiceOptions {
                service_endpoint,
                client: mura::wikidata::endpoint::ClientOptions {
                    user_agent: user_agent
                        .unwrap_or_else(|| mura::wikidata::endpoint::DEFAULT_USER_AGENT.to_owned()),
                    timeout: std::time::Duration::from_secs(timeout.unwrap_or(30).min(59)),
                    endpoint_flag: "--service-endpoint",
                    ..mura::wikidata::endpoint::ClientOptions::default()
                },
            };
            let query = match expression {
                Some(text) => QueryText {
                    origin: "-e".into(),
                    text,
                },
                None => query::resolve(
                    &query.unwrap_or_default(),
                    &queries.unwrap_or_else(|| "queries".into()),
                )?,
            };
            if timeout == Some(0) {
                anyhow::bail!(mura::Error::Usage(
                    "--timeout 0: give the query at least 1 second".into()
                ));
            }
            let mut output = Output {
                langs: lang,
                timeout: timeout.map(std::time::Duration::from_secs),
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
            match rdf {
                Some(path) => mura::run_query_on_rdf(&path, &query, &mut output, &mut out)?,
                None => mura::run_query_with_services(
                    &input(args),
                    &query,
                    &mut output,
                    &mut out,
                    &services,
                )?,
            }
            out.flush().map_err(|source| mura::Error::Write {
                path: "<stdout>".into(),
                source,
            })?;
        }
        Command::Export {
            output,
            format: fmt,
            graph: _,
            shard: _,
            profile: Some(profile),
            split,
            lang,
            profiles,
            input: args,
            checks: c,
        } => {
            mura::export_profile(
                &input(args),
                &mura::ProfileExport {
                    profile,
                    format: fmt,
                    output,
                    split,
                    langs: lang,
                    profiles_dir: profiles,
                },
                &checks(&c),
            )?;
        }
        Command::Export {
            output,
            format: fmt,
            graph,
            shard,
            input: args,
            checks: c,
            ..
        } => {
            if mura::wikidata::quickstatements::wanted(fmt.as_deref(), output.as_deref()) {
                if graph.is_some() {
                    anyhow::bail!(mura::Error::Usage(
                        "--graph does not apply to --format quickstatements: the commands cover the whole dataset".into()
                    ));
                }
                for note in mura::export_quickstatements(&input(args), output.as_deref())? {
                    eprintln!("mura: {note}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            let format = format::resolve_rdf(fmt.as_deref(), output.as_deref(), RdfFormat::Turtle)?;
            let mut progress = Progress::new(c.quiet);
            let shard = shard
                .as_deref()
                .map(mura::graph::Shard::parse)
                .transpose()?;
            mura::export(
                &input(args),
                &mura::ExportOptions {
                    format,
                    graph,
                    output,
                    shard,
                },
                &checks(&c),
                &mut progress,
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
                ReportFormat::Turtle => {
                    mura::validate::write_turtle(&report, &shapes, &base, &mut out)?
                }
                ReportFormat::Json => mura::validate::write_json(&report, &labels, &mut out)?,
            }
            out.flush()?;
            return Ok(if !report.has_violations() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Command::Link {
            data,
            endpoint,
            entity,
            apply,
            dry_run: _,
            min_score,
            top,
            cache,
            user_agent,
            timeout,
            max_requests_per_minute,
        } => {
            if !(0.0..=1.0).contains(&min_score) {
                anyhow::bail!(mura::Error::Usage(format!(
                    "--min-score {min_score}: use a score between 0 and 1"
                )));
            }
            let options = mura::wikidata::link::LinkOptions {
                endpoint,
                min_score,
                top,
                only: entity,
                apply,
                ..mura::wikidata::link::LinkOptions::default()
            };
            let client = mura::wikidata::endpoint::ClientOptions {
                user_agent: user_agent
                    .unwrap_or_else(|| mura::wikidata::endpoint::DEFAULT_USER_AGENT.to_owned()),
                timeout: std::time::Duration::from_secs(timeout),
                max_per_minute: max_requests_per_minute,
                cache,
                ..mura::wikidata::endpoint::ClientOptions::default()
            };
            let input = mura::Input {
                data,
                ..mura::Input::default()
            };
            let report = mura::link(&input, &options, client)?;
            let mut out = stdout.lock();
            mura::wikidata::link::write_report(&report, &options, &mut out)?;
            out.flush()?;
        }
        Command::Profiles { profiles, lang } => {
            let rows: Vec<Vec<String>> =
                mura::export::profile::Profiles::choose(profiles.as_deref())
                    .load_all()?
                    .iter()
                    .map(|p| {
                        vec![
                            p.name.clone(),
                            p.settings.format.clone(),
                            p.description(&lang).to_owned(),
                        ]
                    })
                    .collect();
            query::write_table(
                &mut stdout.lock(),
                &["profile".into(), "format".into(), "description".into()],
                &rows,
            )?;
        }
        Command::Push {
            url,
            files,
            data,
            store,
            dialect,
            graph,
            chunk,
            parallel,
            virtuoso_logged_swap,
            oxigraph_swap_max,
            append,
            dry_run,
            check,
            gsp_url,
            update_url,
            query_url,
            user,
            password_file,
            token_file,
            retries,
            retry_wait,
            timeout,
            bulk_dir,
            neptune_source,
            neptune_role,
            neptune_region,
            quiet,
        } => {
            let source = if files.is_empty() {
                mura::push::Source::Input(mura::Input {
                    data,
                    store,
                    base: None,
                })
            } else {
                mura::push::Source::Files(files)
            };
            let options = mura::push::Options {
                url,
                dialect: dialect.into(),
                gsp_url,
                update_url,
                query_url,
                graphs: graph,
                chunk,
                parallel,
                virtuoso_logged_swap,
                oxigraph_swap_max,
                append,
                dry_run,
                check,
                credentials: credentials(user, password_file, token_file)?,
                retries,
                retry_wait: std::time::Duration::from_millis(retry_wait),
                timeout: std::time::Duration::from_secs(timeout),
                bulk_dir,
                neptune_source,
                neptune_role,
                neptune_region,
                spool_dir: None,
            };
            let mut progress = Progress::new(quiet);
            let report = mura::push::push(&source, &options, &mut progress)?;
            let mut out = stdout.lock();
            mura::push::write_report(&report, &mut out)?;
            out.flush()?;
            if report.differs() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Queries { queries } => {
            let dir = queries.unwrap_or_else(|| "queries".into());
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

/// Turns transparent huge pages off for this process (Linux): the server runs a thread per
/// connection, and each thread's allocator pages faulted in as 2 MiB huge pages made the
/// resident size grow with the connection count (190 MB at 64 connections, 31 MB without).
fn no_huge_pages() {
    // best effort: a kernel without THP refuses it, and nothing changes
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}
