//! The dataset's manifest (`mura.toml`): the dataset itself (base IRI, title, licence,
//! languages) and its sources with their paragraphs; and [`Dataset`], a manifest with the
//! records read beside it.

use super::{CuratedDate, LangMap, WebAddress};
use crate::source::Located;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetInfo {
    pub id: String,
    /// Base IRI for every minted IRI (`{base}{kind}/{id}`); must end with `/` or `#`.
    pub base: String,
    pub title: LangMap,
    #[serde(default)]
    pub description: LangMap,
    pub licence: String,
    #[serde(default)]
    pub created: Option<CuratedDate>,
    /// Language tags allowed in names and texts.
    pub languages: Vec<String>,
    /// Languages every record must have a name in.
    #[serde(default = "default_required_languages")]
    pub required_languages: Vec<String>,
    /// The source that background knowledge is attributed to by default.
    pub background: String,
    /// The source that Wikidata identifiers are attributed to.
    #[serde(default)]
    pub links: Option<String>,
}

fn default_required_languages() -> Vec<String> {
    vec!["kk".into(), "en".into()]
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    pub id: String,
    pub title: LangMap,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<WebAddress>,
    #[serde(default)]
    pub date: Option<CuratedDate>,
    pub language: String,
    /// Path of the source text, relative to the dataset folder.
    #[serde(default)]
    pub text: Option<PathBuf>,
    /// Background knowledge rather than a source the dataset transcribes.
    #[serde(default)]
    pub background: bool,
}

/// A declared source with its paragraphs (the non-empty lines of its text, 1-based).
#[derive(Debug, Clone)]
pub struct Source {
    pub info: SourceInfo,
    pub paragraphs: Vec<String>,
}

/// A checked dataset: manifest, sources and the records of its TOML files (the rows of
/// its CSV tables are streamed, never held).
#[derive(Debug, Clone)]
pub struct Dataset {
    pub root: PathBuf,
    pub info: DatasetInfo,
    pub sources: Vec<Source>,
    pub records: Vec<Located>,
}

impl Dataset {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.info.id == id)
    }

    /// The paragraph `n` (1-based) of source `id`, if both exist.
    pub fn paragraph(&self, id: &str, n: u32) -> Option<&str> {
        let source = self.source(id)?;
        let i = (n as usize).checked_sub(1)?;
        source.paragraphs.get(i).map(String::as_str)
    }
}
