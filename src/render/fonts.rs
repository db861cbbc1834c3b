//! The embedded Tinos faces (metric-compatible with Times New Roman) and the
//! measurements the layout needs.

use std::sync::OnceLock;
use ttf_parser::Face;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub const ALL: [Style; 4] = [Style::Regular, Style::Bold, Style::Italic, Style::BoldItalic];

    fn index(self) -> usize {
        self as usize
    }
}

pub const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/Tinos-Regular.ttf"),
    include_bytes!("../../assets/fonts/Tinos-Bold.ttf"),
    include_bytes!("../../assets/fonts/Tinos-Italic.ttf"),
    include_bytes!("../../assets/fonts/Tinos-BoldItalic.ttf"),
];

pub struct Metrics {
    faces: Vec<Face<'static>>,
}

/// The four faces, parsed once per process.
pub fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| Metrics {
        // The embedded files are checked by the test `fonts_cover_vietnamese`.
        faces: FONT_FILES.iter().map(|b| Face::parse(b, 0).expect("embedded font parses")).collect(),
    })
}

impl Metrics {
    /// Width of `text` in points at `size`, from the glyph advances.
    pub fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        let face = &self.faces[style.index()];
        let units: u32 =
            text.chars().map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(0) as u32).sum();
        units as f32 * size / face.units_per_em() as f32
    }

    /// True when every face has a glyph for `c`: a missing glyph would print
    /// as an empty box.
    pub fn covers(&self, c: char) -> bool {
        c == '\n' || self.faces.iter().all(|f| f.glyph_index(c).is_some())
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
