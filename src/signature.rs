//! The optional signature image a member places in the signature block:
//! drawn in the app's pad or imported from a PNG. It is checked, cropped to
//! its ink and stored as a small PNG with the signed version.

use crate::error::{Error, Result};
use std::io::Cursor;
use std::path::Path;

/// The largest PNG file accepted (a scanned signature is far smaller).
pub const FILE_LIMIT: usize = 2 * 1024 * 1024;
/// The largest side in pixels, before cropping.
const SIDE_LIMIT: u32 = 4000;
/// A pixel is ink when it is this opaque and darker than near-white paper.
const INK_ALPHA: u8 = 32;
const PAPER: u8 = 200;

/// A checked signature: 8-bit RGBA pixels cropped to the ink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureImage {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

fn invalid(message: &str) -> Error {
    Error::invalid("signature", message)
}

fn too_large() -> Error {
    invalid("Ảnh chữ ký quá lớn (tối đa 2 MB). Hãy chọn ảnh nhỏ hơn.")
}

impl SignatureImage {
    /// Reads a PNG file's bytes; refuses what is not a usable signature with
    /// a message that says why.
    pub fn from_png(bytes: &[u8]) -> Result<SignatureImage> {
        if bytes.len() > FILE_LIMIT {
            return Err(too_large());
        }
        let not_png = || invalid("Tệp đã chọn không phải ảnh PNG đọc được. Hãy chọn một ảnh PNG.");
        let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), png::Limits { bytes: 128 * 1024 * 1024 });
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().map_err(|_| not_png())?;
        let (width, height) = (reader.info().width, reader.info().height);
        if width > SIDE_LIMIT || height > SIDE_LIMIT {
            return Err(invalid("Ảnh chữ ký quá lớn (tối đa 4000 × 4000 điểm ảnh)."));
        }
        let mut buf = vec![0; reader.output_buffer_size().ok_or_else(not_png)?];
        let frame = reader.next_frame(&mut buf).map_err(|_| not_png())?;
        let pixels = &buf[..frame.buffer_size()];
        let rgba: Vec<u8> = match frame.color_type {
            png::ColorType::Rgba => pixels.to_vec(),
            png::ColorType::Rgb => pixels.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
            png::ColorType::GrayscaleAlpha => pixels.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
            png::ColorType::Grayscale => pixels.iter().flat_map(|&g| [g, g, g, 255]).collect(),
            png::ColorType::Indexed => return Err(not_png()),
        };
        SignatureImage { width, height, rgba }.cropped()
    }

    /// Reads a PNG file the member chose; a file too large is refused
    /// before it is read.
    pub fn read(path: &Path) -> Result<SignatureImage> {
        let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
        if size > FILE_LIMIT as u64 {
            return Err(too_large());
        }
        SignatureImage::from_png(&crate::files::read_regular(path, FILE_LIMIT as u64)?)
    }

    /// The smallest rectangle holding all the ink; a blank image is refused.
    fn cropped(self) -> Result<SignatureImage> {
        let w = self.width as usize;
        let ink = |i: usize| {
            let p = &self.rgba[i * 4..i * 4 + 4];
            p[3] >= INK_ALPHA && p[..3].iter().min().is_some_and(|&m| m < PAPER)
        };
        let (mut left, mut top, mut right, mut bottom) = (usize::MAX, usize::MAX, 0, 0);
        for i in (0..self.rgba.len() / 4).filter(|&i| ink(i)) {
            let (x, y) = (i % w, i / w);
            left = left.min(x);
            right = right.max(x);
            top = top.min(y);
            bottom = bottom.max(y);
        }
        if left == usize::MAX {
            return Err(invalid("Ảnh chữ ký không có nét nào. Hãy ký vào khung hoặc chọn ảnh khác."));
        }
        let mut rgba = Vec::with_capacity((right - left + 1) * (bottom - top + 1) * 4);
        for y in top..=bottom {
            rgba.extend_from_slice(&self.rgba[(y * w + left) * 4..(y * w + right + 1) * 4]);
        }
        Ok(SignatureImage { width: (right - left + 1) as u32, height: (bottom - top + 1) as u32, rgba })
    }

    /// The stored form: a PNG of the cropped pixels.
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let fail = |e: png::EncodingError| Error::bug(format!("ảnh chữ ký không mã hóa được PNG: {e}"));
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(fail)?;
        writer.write_image_data(&self.rgba).map_err(fail)?;
        writer.finish().map_err(fail)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white PNG with a dark stroke from (10, 20) to (29, 24).
    fn scan() -> Vec<u8> {
        let (w, h) = (60, 40);
        let mut rgba = vec![255u8; w * h * 4];
        for y in 20..25 {
            for x in 10..30 {
                rgba[(y * w + x) * 4..(y * w + x) * 4 + 3].copy_from_slice(&[20, 40, 160]);
            }
        }
        SignatureImage { width: w as u32, height: h as u32, rgba }.to_png().expect("encodes")
    }

    #[test]
    fn crops_to_the_ink_and_keeps_its_colour() {
        let s = SignatureImage::from_png(&scan()).expect("valid");
        assert_eq!((s.width, s.height), (20, 5));
        assert_eq!(&s.rgba[..4], &[20, 40, 160, 255]);
        let again = SignatureImage::from_png(&s.to_png().expect("encodes")).expect("round trip");
        assert_eq!(again, s);
    }

    #[test]
    fn refuses_what_is_not_a_signature() {
        let message = |bytes: &[u8]| SignatureImage::from_png(bytes).expect_err("refused").to_string();
        assert!(message(b"%PDF-1.7").contains("không phải ảnh PNG"));
        let blank = SignatureImage { width: 8, height: 8, rgba: vec![255; 256] }.to_png().expect("encodes");
        assert!(message(&blank).contains("không có nét nào"));
        let transparent = SignatureImage { width: 8, height: 8, rgba: vec![0; 256] }.to_png().expect("encodes");
        assert!(message(&transparent).contains("không có nét nào"));
        assert!(message(&vec![0; FILE_LIMIT + 1]).contains("quá lớn"));
        let dir = tempfile::tempdir().expect("temp dir");
        let big = dir.path().join("big.png");
        std::fs::write(&big, vec![0; FILE_LIMIT + 1]).expect("written");
        assert!(SignatureImage::read(&big).expect_err("refused").to_string().contains("quá lớn"));
        let missing = SignatureImage::read(&dir.path().join("none.png")).expect_err("refused");
        assert_eq!(missing.code(), "io");
        let mut cut = scan();
        cut.truncate(cut.len() / 2);
        assert!(message(&cut).contains("không phải ảnh PNG"));
    }
}
