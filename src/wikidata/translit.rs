//! Kazakh (and Russian) Cyrillic ↔ Latin transliteration and the match keys `mura link`
//! compares labels by.
//!
//! [`to_latin`] follows the conventional English-language romanisation that the dataset's
//! English names use (`Ықылас` → `Ykylas`, `Байтұрсынұлы` → `Baitursynuly`), not the
//! 2021 official Kazakh Latin alphabet; [`to_cyrillic`] goes the other way for Latin
//! names (digraphs first: `zh`, `sh`, `ch`, `kh`, `ts`, `yu`, `ya`, `yo`). [`key`] folds a
//! label of either script to a lossy Latin skeleton — case, diacritics, the official
//! alphabet's `q`/`ğ`/`ñ`, `y`/`i` and doubled letters no longer matter — so that
//! `Алматы`, `Almaty` and `ALMATY` meet, and `Türkiye` meets `Turkiye`.

use unicode_normalization::UnicodeNormalization;

/// Cyrillic letter (lowercase) → Latin, for Kazakh and Russian.
const CYRILLIC_TO_LATIN: &[(char, &str)] = &[
    ('а', "a"),
    ('ә', "a"),
    ('б', "b"),
    ('в', "v"),
    ('г', "g"),
    ('ғ', "g"),
    ('д', "d"),
    ('е', "e"),
    ('ё', "yo"),
    ('ж', "zh"),
    ('з', "z"),
    ('и', "i"),
    ('й', "i"),
    ('к', "k"),
    ('қ', "k"),
    ('л', "l"),
    ('м', "m"),
    ('н', "n"),
    ('ң', "n"),
    ('о', "o"),
    ('ө', "o"),
    ('п', "p"),
    ('р', "r"),
    ('с', "s"),
    ('т', "t"),
    ('у', "u"),
    ('ұ', "u"),
    ('ү', "u"),
    ('ф', "f"),
    ('х', "kh"),
    ('һ', "h"),
    ('ц', "ts"),
    ('ч', "ch"),
    ('ш', "sh"),
    ('щ', "shch"),
    ('ъ', ""),
    ('ы', "y"),
    ('і', "i"),
    ('ь', ""),
    ('э', "e"),
    ('ю', "yu"),
    ('я', "ya"),
];

/// Latin (lowercase) → Kazakh Cyrillic: digraphs before single letters.
const LATIN_TO_CYRILLIC: &[(&str, &str)] = &[
    ("shch", "щ"),
    ("zh", "ж"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("kh", "х"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
    ("gh", "ғ"),
    ("a", "а"),
    ("b", "б"),
    ("c", "к"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "һ"),
    ("i", "и"),
    ("j", "ж"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "қ"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "у"),
    ("x", "кс"),
    ("y", "ы"),
    ("z", "з"),
];

fn latin_of(c: char) -> Option<&'static str> {
    CYRILLIC_TO_LATIN
        .iter()
        .find(|(k, _)| *k == c)
        .map(|(_, v)| *v)
}

/// Transliterates Cyrillic letters to Latin, keeping everything else; an uppercase letter
/// gives a capitalised Latin letter group (`Ж` → `Zh`).
pub fn to_latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        match latin_of(lower) {
            Some(latin) if lower != c => {
                let mut chars = latin.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            }
            Some(latin) => out.push_str(latin),
            None => out.push(c),
        }
    }
    out
}

/// Transliterates Latin letters to Kazakh Cyrillic, keeping everything else (case kept on
/// the first letter of a group).
pub fn to_cyrillic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    'outer: while i < chars.len() {
        for (latin, cyrillic) in LATIN_TO_CYRILLIC {
            let n = latin.chars().count();
            if i + n > chars.len() {
                continue;
            }
            let group: String = chars[i..i + n].iter().collect();
            if group.to_lowercase() == *latin {
                if chars[i].is_uppercase() {
                    out.extend(
                        cyrillic
                            .chars()
                            .next()
                            .into_iter()
                            .flat_map(char::to_uppercase),
                    );
                    out.extend(cyrillic.chars().skip(1));
                } else {
                    out.push_str(cyrillic);
                }
                i += n;
                continue 'outer;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Lowercase, without diacritics (NFD, combining marks dropped) and with the few Latin
/// letters NFD keeps whole folded (`ı` → `i`, `ø` → `o`, `ß` → `ss`).
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ı' => "i".to_owned(),
            'ø' => "o".to_owned(),
            'ß' => "ss".to_owned(),
            'æ' => "ae".to_owned(),
            other => other.to_string(),
        })
        .collect()
}

/// The match key of a label in either script: Latin transliteration, folded, only letters
/// and digits with single spaces, `q` → `k`, `y` → `i`, `j` → `zh`, `w` → `u`, doubled
/// letters collapsed. Lossy on purpose: equal keys mean "the same name, spelled or
/// transliterated differently".
pub fn key(text: &str) -> String {
    // Cyrillic letters that NFD would decompose (й → и + ̆) must be transliterated first.
    let latin = fold(&to_latin(&text.to_lowercase()));
    let mut mapped = String::with_capacity(latin.len());
    for c in latin.chars() {
        match c {
            'q' => mapped.push('k'),
            'y' => mapped.push('i'),
            'j' => mapped.push_str("zh"),
            'w' => mapped.push('u'),
            c if c.is_alphanumeric() => mapped.push(c),
            _ => mapped.push(' '),
        }
    }
    let mut out = String::with_capacity(mapped.len());
    for c in mapped
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        if out.ends_with(c) && c != ' ' {
            continue;
        }
        out.push(c);
    }
    out
}

/// Similarity of two keys in 0..=1 (1 − edit distance / longer length), on characters.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    1.0 - previous[b.len()] as f64 / longest as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_names_to_latin() {
        assert_eq!(to_latin("Алматы"), "Almaty");
        assert_eq!(to_latin("Ықылас Дүкенұлы"), "Ykylas Dukenuly");
        assert_eq!(to_latin("Ахмет Байтұрсынұлы"), "Akhmet Baitursynuly");
        assert_eq!(to_latin("Райымбек батыр"), "Raiymbek batyr");
        assert_eq!(to_latin("Сәбит Мұқанов"), "Sabit Mukanov");
        assert_eq!(to_latin("Жезқазған"), "Zhezkazgan");
        assert_eq!(to_latin("Шымкент"), "Shymkent");
        // Russian letters too, and non-letters kept.
        assert_eq!(to_latin("Щёлково-2"), "Shchyolkovo-2");
    }

    #[test]
    fn latin_names_to_cyrillic() {
        assert_eq!(to_cyrillic("Almaty"), "Алматы");
        assert_eq!(to_cyrillic("Shymkent"), "Шымкент");
        assert_eq!(to_cyrillic("Zhambyl"), "Жамбыл");
        assert_eq!(to_cyrillic("Kazakhstan"), "Казахстан");
        assert_eq!(to_cyrillic("Qazaqstan"), "Қазақстан");
    }

    #[test]
    fn keys_meet_across_scripts_case_and_diacritics() {
        assert_eq!(key("Алматы"), key("Almaty"));
        assert_eq!(key("ALMATY"), key("almaty"));
        assert_eq!(key("Türkiye"), key("Turkiye"));
        assert_eq!(key("Қазақстан"), key("Qazaqstan"));
        assert_eq!(key("Ықылас"), key("Ykylas"));
        assert_eq!(key("Rayymbek"), key("Райымбек"));
        assert_eq!(key("Sultan  Raev,"), "sultan raev");
        assert_ne!(key("Almaty"), key("Astana"));
    }

    #[test]
    fn similarity_is_an_edit_ratio() {
        assert_eq!(similarity("almati", "almati"), 1.0);
        assert_eq!(similarity("", ""), 1.0);
        assert!((similarity("abcd", "abce") - 0.75).abs() < 1e-9);
        assert_eq!(similarity("abc", ""), 0.0);
    }
}
