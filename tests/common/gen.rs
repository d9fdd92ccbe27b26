//! The project's own generator of bulk CSV tables for the tests, in the layout of the peer
//! benchmark's `../shared/bench/gen_csv.py`: the same five files (places.csv, people.csv,
//! organisations.csv, museums.csv, awards.csv), the same columns, the same references
//! (every reference column names a row of an earlier table) and the same table sizes for N
//! museums, with Latin, Russian and Kazakh Cyrillic names, English names that need quoting
//! (`"Base" Kind, No. 97`), empty optional cells (death_year, named_after, website,
//! presenter) and fake Wikidata ids `Q9xxxxxxxx` unique across the tables.
//!
//! The randomness is a splitmix64 of its own, from a seed: the same (N, seed) gives the
//! same bytes, on every machine. The values are not gen_csv.py's (Python's Mersenne
//! Twister is not reproduced), only the layout; `.ci/run` checks that gen_csv.py's own
//! tables build.

use std::fmt::Write as _;
use std::path::Path;

/// gen_csv.py's default seed.
pub const SEED: u64 = 20240601;

/// The rows of each table for `n` museums (as in gen_csv.py).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub places: u64,
    pub people: u64,
    pub organisations: u64,
    pub museums: u64,
    pub awards: u64,
}

impl Sizes {
    pub fn for_museums(n: u64) -> Sizes {
        Sizes {
            places: (n / 20).max(10),
            people: (n / 2).max(1),
            organisations: (n / 10).max(1),
            museums: n,
            awards: (n / 5).max(1),
        }
    }

    pub fn rows(&self) -> u64 {
        self.places + self.people + self.organisations + self.museums + self.awards
    }
}

const KK_SYL: &[&str] = &[
    "Қа", "за", "құ", "ра", "Ал", "ма", "ты", "Ас", "та", "на", "Өр", "ке", "ні", "Ұл", "ы", "тау",
    "Ақ", "көл", "Сар", "ы", "ар", "қа", "Тұр", "ғын", "Әл", "Ғас", "ыр", "Ің", "кәр", "Үш", "тө",
    "бе", "Һа", "сен",
];
const LAT_SYL: &[&str] = &[
    "ka", "za", "ku", "ra", "al", "ma", "ty", "as", "ta", "na", "or", "ke", "ni", "ul", "tau",
    "ak", "kol", "sar", "ar", "tur", "gyn", "el", "gas", "yr", "ush", "to", "be",
];
const FIRST_EN: &[&str] = &[
    "Abai", "Aigerim", "Dina", "Erlan", "Gulnara", "Kairat", "Saule", "Timur", "Zhanna", "Mukhtar",
    "Aliya", "Nurlan", "Shokan", "Ainur", "Bolat", "Madina",
];
const FIRST_KK: &[&str] = &[
    "Абай",
    "Әйгерім",
    "Дина",
    "Ерлан",
    "Гүлнара",
    "Қайрат",
    "Сәуле",
    "Тимур",
    "Жанна",
    "Мұхтар",
    "Әлия",
    "Нұрлан",
    "Шоқан",
    "Айнұр",
    "Болат",
    "Мәдина",
];
const LAST_EN: &[&str] = &[
    "Kunanbayev",
    "Auezov",
    "Valikhanov",
    "Seifullin",
    "Zhambyl",
    "Baitursynov",
    "Dulatuly",
    "Aimauytov",
    "Mailin",
    "Musrepov",
    "Kasteev",
    "Tazhibayev",
];
const LAST_KK: &[&str] = &[
    "Құнанбайұлы",
    "Әуезов",
    "Уәлиханов",
    "Сейфуллин",
    "Жамбыл",
    "Байтұрсынұлы",
    "Дулатұлы",
    "Аймауытов",
    "Майлин",
    "Мүсірепов",
    "Қастеев",
    "Тәжібаев",
];
const COUNTRIES: &[&str] = &["KZ", "KZ", "KZ", "KZ", "UZ", "KG", "RU", "MN", "TR", "CN"];
const MUSEUM_KIND_EN: &[&str] = &[
    "Museum",
    "Art Museum",
    "History Museum",
    "Ethnographic Museum",
    "House-Museum",
    "Regional Museum",
    "Memorial Museum",
];
const MUSEUM_KIND_KK: &[&str] = &[
    "Музейі",
    "Өнер музейі",
    "Тарих музейі",
    "Этнография музейі",
    "Үй-музейі",
    "Өлкетану музейі",
    "Мемориалдық музейі",
];
const MUSEUM_KIND_RU: &[&str] = &[
    "Музей",
    "Художественный музей",
    "Исторический музей",
    "Этнографический музей",
    "Дом-музей",
    "Краеведческий музей",
    "Мемориальный музей",
];
const ORG_KIND_EN: &[&str] = &[
    "Association of Museums",
    "Heritage Foundation",
    "Cultural Union",
    "Academy",
];
const ORG_KIND_KK: &[&str] = &[
    "Музейлер қауымдастығы",
    "Мұра қоры",
    "Мәдени одағы",
    "Академиясы",
];
const AWARD_EN: &[&str] = &[
    "Heritage Prize",
    "Museum of the Year",
    "Golden Dombra Award",
    "Steppe Culture Medal",
    "Conservation Award",
];

/// splitmix64 (Steele, Lea, Flood 2014): a 64-bit state, one addition and a mix per draw.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift; `n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }

    /// 2 or 3 syllables, capitalised as Python's `str.capitalize` does (first letter upper
    /// case, the rest lower case).
    fn word(&mut self, syllables: &[&str]) -> String {
        let count = self.int(2, 3);
        let joined: String = (0..count).map(|_| self.pick(syllables)).collect();
        let mut chars = joined.chars();
        let first = chars.next().into_iter().flat_map(char::to_uppercase);
        first.chain(chars.flat_map(char::to_lowercase)).collect()
    }
}

/// One CSV file being written: RFC 4180 quoting where needed (as Python's csv module,
/// QUOTE_MINIMAL), `\n` line ends, UTF-8 without a BOM.
struct Table(String);

impl Table {
    fn new(header: &[&str]) -> Table {
        let mut table = Table(String::new());
        table.row(header);
        table
    }

    fn row(&mut self, cells: &[&str]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            if cell.contains([',', '"', '\r', '\n']) {
                write!(self.0, "\"{}\"", cell.replace('"', "\"\"")).unwrap();
            } else {
                self.0.push_str(cell);
            }
        }
        self.0.push('\n');
    }

    fn write(&self, dir: &Path, name: &str) {
        let path = dir.join(name);
        std::fs::write(&path, &self.0)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

/// Writes the five tables for `n` museums into `dir` (created if needed); returns the
/// number of rows of each.
pub fn write_tables(n: u64, seed: u64, dir: &Path) -> Sizes {
    let sizes = Sizes::for_museums(n);
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let mut rng = Rng(seed);
    let mut wikidata = 0u64;
    let mut qid = || {
        wikidata += 1;
        format!("Q9{wikidata:08}")
    };

    let mut places = Table::new(&[
        "id", "name_en", "name_kk", "country", "wikidata", "lat", "lon",
    ]);
    for i in 1..=sizes.places {
        let en = format!("{} {i}", rng.word(LAT_SYL));
        let kk = format!("{} {i}", rng.word(KK_SYL));
        let lat = format!("{:.6}", rng.uniform(40.0, 55.5));
        let lon = format!("{:.6}", rng.uniform(46.5, 87.3));
        let country = rng.pick(COUNTRIES);
        places.row(&[&i.to_string(), &en, &kk, country, &qid(), &lat, &lon]);
    }
    places.write(dir, "places.csv");

    let mut people = Table::new(&[
        "id",
        "name_en",
        "name_kk",
        "birth_year",
        "death_year",
        "wikidata",
    ]);
    for i in 1..=sizes.people {
        let first = rng.below(FIRST_EN.len() as u64) as usize;
        let last = rng.below(LAST_EN.len() as u64) as usize;
        let born = rng.int(1800, 1990);
        let died = if born > 1940 && rng.chance(0.7) {
            String::new()
        } else {
            (born + rng.int(25, 95)).min(2023).to_string()
        };
        people.row(&[
            &i.to_string(),
            &format!("{} {} {i}", FIRST_EN[first], LAST_EN[last]),
            &format!("{} {} {i}", FIRST_KK[first], LAST_KK[last]),
            &born.to_string(),
            &died,
            &qid(),
        ]);
    }
    people.write(dir, "people.csv");

    let mut organisations = Table::new(&["id", "name_en", "name_kk", "city", "wikidata"]);
    for i in 1..=sizes.organisations {
        let kind = rng.below(ORG_KIND_EN.len() as u64) as usize;
        let base_en = rng.word(LAT_SYL);
        let base_kk = rng.word(KK_SYL);
        organisations.row(&[
            &i.to_string(),
            &format!("{base_en} {} {i}", ORG_KIND_EN[kind]),
            &format!("{base_kk} {} {i}", ORG_KIND_KK[kind]),
            &rng.int(1, sizes.places).to_string(),
            &qid(),
        ]);
    }
    organisations.write(dir, "organisations.csv");

    let mut museums = Table::new(&[
        "id",
        "name_en",
        "name_kk",
        "name_ru",
        "city",
        "member_of",
        "named_after",
        "founded",
        "wikidata",
        "website",
    ]);
    for i in 1..=sizes.museums {
        let kind = rng.below(MUSEUM_KIND_EN.len() as u64) as usize;
        let base_kk = rng.word(KK_SYL);
        // a Kazakh-script token in half of the English names too
        let base_en = if rng.chance(0.5) {
            rng.word(LAT_SYL)
        } else {
            base_kk.clone()
        };
        let en = if i % 97 == 0 {
            // a quote and a comma: CSV quoting and N-Triples escaping
            format!("\"{base_en}\" {}, No. {i}", MUSEUM_KIND_EN[kind])
        } else {
            format!("{base_en} {} {i}", MUSEUM_KIND_EN[kind])
        };
        let kk = format!("{base_kk} {} {i}", MUSEUM_KIND_KK[kind]);
        let ru = format!("{} «{base_kk}» {i}", MUSEUM_KIND_RU[kind]);
        let named_after = if rng.chance(0.3) {
            rng.int(1, sizes.people).to_string()
        } else {
            String::new()
        };
        let website = if rng.chance(0.8) {
            format!("https://museum-{i}.example.org/")
        } else {
            String::new()
        };
        museums.row(&[
            &i.to_string(),
            &en,
            &kk,
            &ru,
            &rng.int(1, sizes.places).to_string(),
            &rng.int(1, sizes.organisations).to_string(),
            &named_after,
            &rng.int(1850, 2023).to_string(),
            &qid(),
            &website,
        ]);
    }
    museums.write(dir, "museums.csv");

    // conferrals: an organisation confers an award on a museum, presented by a person
    let mut awards = Table::new(&[
        "id",
        "name_en",
        "conferred_by",
        "recipient",
        "presenter",
        "date",
    ]);
    for i in 1..=sizes.awards {
        let year = rng.int(1990, 2023);
        let presenter = if rng.chance(0.9) {
            rng.int(1, sizes.people).to_string()
        } else {
            String::new()
        };
        let name = format!("{} {year} #{i}", rng.pick(AWARD_EN));
        let conferred_by = rng.int(1, sizes.organisations).to_string();
        let recipient = rng.int(1, sizes.museums).to_string();
        let date = format!("{year}-{:02}-{:02}", rng.int(1, 12), rng.int(1, 28));
        awards.row(&[
            &i.to_string(),
            &name,
            &conferred_by,
            &recipient,
            &presenter,
            &date,
        ]);
    }
    awards.write(dir, "awards.csv");
    sizes
}
