//! The embedded Tinos faces (metric-compatible with Times New Roman) and the
//! measurements the layout needs.

use std::sync::OnceLock;

mod table {
    include!(concat!(env!("OUT_DIR"), "/advances.rs"));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub const ALL: [Style; 4] = [Style::Regular, Style::Bold, Style::Italic, Style::BoldItalic];

    pub fn index(self) -> usize {
        self as usize
    }
}

pub const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../assets/fonts/Tinos-Regular.ttf"),
    include_bytes!("../assets/fonts/Tinos-Bold.ttf"),
    include_bytes!("../assets/fonts/Tinos-Italic.ttf"),
    include_bytes!("../assets/fonts/Tinos-BoldItalic.ttf"),
];

/// Advance widths of every character the four faces all have (measured by
/// build.rs), looked up by code point: measuring is the layout's inner loop.
pub struct Metrics {
    /// Code point → index into `table::ADVANCES` plus one; 0 means "not printable".
    slot: Vec<u16>,
}

pub fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let limit = table::ADVANCES.last().map_or(0, |(c, _)| *c as usize + 1);
        let mut slot = vec![0u16; limit];
        for (i, (code, _)) in table::ADVANCES.iter().enumerate() {
            slot[*code as usize] = i as u16 + 1;
        }
        Metrics { slot }
    })
}

impl Metrics {
    fn entry(&self, c: char) -> Option<&'static [u16; 4]> {
        match self.slot.get(c as usize) {
            Some(&i) if i > 0 => Some(&table::ADVANCES[i as usize - 1].1),
            _ => None,
        }
    }

    /// Width of `text` in points at `size`, from the glyph advances.
    pub fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        let units: u32 = text.chars().map(|c| self.entry(c).map_or(0, |a| a[style.index()] as u32)).sum();
        units as f32 * size / table::UNITS_PER_EM
    }

    /// True when every face has a glyph for `c`: a missing glyph would print
    /// as an empty box.
    pub fn covers(&self, c: char) -> bool {
        c == '\n' || self.entry(c).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_cover_vietnamese() {
        let m = metrics();
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        for c in letters.chars().chain(letters.to_uppercase().chars()).chain("“”–…*№".chars()) {
            assert!(m.covers(c), "{c}");
        }
        assert!(!m.covers('\u{1F600}'));
        assert!(m.width(Style::Bold, 14.0, "ĐẢNG") > m.width(Style::Regular, 14.0, "ĐẢNG") * 0.9);
    }
}
