//! One step's screenshot against its baseline: how many pixels changed, of how many compared, and
//! a diff image for the reviewer.
//!
//! The diff image is pixelmatch's: a faded grey copy of the baseline, changed pixels red,
//! anti-aliased ones yellow; the regions left out of the comparison are hatched blue there (and only
//! there: the evidence itself is never painted over).

use image::RgbaImage;

use super::error::VisualError;
use super::pixelmatch::{PixelKind, Rgba, classify, max_delta};

/// pixelmatch's default threshold: the smallest colour difference (0 to 1) that counts.
pub const DEFAULT_THRESHOLD: f64 = 0.1;

/// How faded the unchanged pixels are in the diff image (0: white, 1: the baseline's greys).
const FADE: f64 = 0.1;
const RED: [u8; 3] = [255, 0, 0];
const YELLOW: [u8; 3] = [255, 255, 0];
/// The hatch lines over excluded regions, and the tint between them.
const HATCH: [u8; 3] = [70, 110, 220];
const TINT: [u8; 3] = [205, 220, 255];

/// A box in device pixels of the screenshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelRect {
    /// Left.
    pub x: u32,
    /// Top.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl PixelRect {
    /// A box in CSS pixels at a device pixel ratio, grown outwards to whole device pixels (an
    /// ignored region must cover its edges); `None` for an empty or meaningless box.
    pub fn from_css(rect: &crate::report::model::Rect, dpr: f64) -> Option<PixelRect> {
        let dpr = if dpr.is_finite() && dpr > 0.0 {
            dpr
        } else {
            1.0
        };
        let values = [rect.x, rect.y, rect.width, rect.height];
        if values.iter().any(|v| !v.is_finite()) || rect.width <= 0.0 || rect.height <= 0.0 {
            return None;
        }
        let edge = |v: f64| (v * dpr).clamp(0.0, f64::from(u32::MAX));
        let (x0, y0) = (edge(rect.x).floor(), edge(rect.y).floor());
        let (x1, y1) = (
            edge(rect.x + rect.width).ceil(),
            edge(rect.y + rect.height).ceil(),
        );
        // Whole, non-negative and within u32 after the clamp: the casts are exact.
        let rect = PixelRect {
            x: x0 as u32,
            y: y0 as u32,
            width: (x1 - x0) as u32,
            height: (y1 - y0) as u32,
        };
        (rect.width > 0 && rect.height > 0).then_some(rect)
    }
}

/// How to compare.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareOptions {
    /// The smallest perceptible colour difference that counts, 0 to 1 ([`DEFAULT_THRESHOLD`]).
    pub threshold: f64,
    /// Count anti-aliased pixels as changes too (no anti-aliasing detection).
    pub include_aa: bool,
    /// Regions left out: the step's ignored regions and the masked (secret) ones.
    pub excluded: Vec<PixelRect>,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            threshold: DEFAULT_THRESHOLD,
            include_aa: false,
            excluded: Vec::new(),
        }
    }
}

/// The outcome of one comparison.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Pixels that changed perceptibly (anti-aliased ones only with `include_aa`).
    pub changed: u64,
    /// Pixels compared: all but the excluded ones.
    pub compared: u64,
    /// `changed / compared` (0 when nothing was compared); 1 when the sizes differ.
    pub ratio: f64,
    /// The diff image (PNG).
    pub diff_png: Vec<u8>,
    /// `(baseline, screenshot)` sizes when they differ: then every pixel counts as changed.
    pub size_mismatch: Option<((u32, u32), (u32, u32))>,
}

impl Comparison {
    /// A sentence for the report when the comparison is not a plain pixel count.
    pub fn note(&self) -> Option<String> {
        self.size_mismatch.map(|((bw, bh), (cw, ch))| {
            format!(
                "the screenshot is {cw}x{ch} pixels and its baseline {bw}x{bh}: a different size counts as \
                 every pixel changed (another viewport, device pixel ratio or page length?)"
            )
        })
    }
}

/// Compares a step's screenshot with its baseline, both PNG.
pub fn compare(
    baseline_png: &[u8],
    current_png: &[u8],
    options: &CompareOptions,
) -> Result<Comparison, VisualError> {
    let baseline = decode(baseline_png, "baseline")?;
    let current = decode(current_png, "screenshot")?;
    compare_images(&baseline, &current, options)
}

/// Decodes a PNG to 8-bit RGBA.
pub fn decode(png: &[u8], which: &'static str) -> Result<RgbaImage, VisualError> {
    image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map(|img| img.to_rgba8())
        .map_err(|e| VisualError::Decode {
            which,
            message: e.to_string(),
        })
}

/// Compares two decoded images (see [`compare`]).
pub fn compare_images(
    baseline: &RgbaImage,
    current: &RgbaImage,
    options: &CompareOptions,
) -> Result<Comparison, VisualError> {
    let (bw, bh) = baseline.dimensions();
    let (cw, ch) = current.dimensions();
    let size_mismatch = ((bw, bh) != (cw, ch)).then_some(((bw, bh), (cw, ch)));
    // A different size: the overlap is still drawn compared, the rest red, so the reviewer sees it.
    let (width, height) = (bw.max(cw) as usize, bh.max(ch) as usize);
    let (ow, oh) = (bw.min(cw), bh.min(ch));
    let cropped;
    let (a, b) = if size_mismatch.is_some() {
        cropped = (
            image::imageops::crop_imm(baseline, 0, 0, ow, oh).to_image(),
            image::imageops::crop_imm(current, 0, 0, ow, oh).to_image(),
        );
        (&cropped.0, &cropped.1)
    } else {
        (baseline, current)
    };
    let (ow, oh) = (ow as usize, oh as usize);
    let a = Rgba {
        width: ow,
        height: oh,
        data: a.as_raw(),
    };
    let b = Rgba {
        width: ow,
        height: oh,
        data: b.as_raw(),
    };
    let excluded = exclusion_mask(width, height, &options.excluded);
    let max_delta = max_delta(options.threshold);
    let identical = a.data == b.data;

    let mut out = vec![0u8; width * height * 3];
    let (mut changed, mut compared) = (0u64, 0u64);
    for y in 0..height {
        for x in 0..width {
            let i = y * width + x;
            let inside = x < ow && y < oh;
            let color = if excluded[i] {
                excluded_color(x, y)
            } else {
                compared += 1;
                let kind = if !inside {
                    PixelKind::Changed
                } else if identical {
                    PixelKind::Same
                } else {
                    classify(a, b, (x, y), max_delta, !options.include_aa)
                };
                match kind {
                    PixelKind::Same => faded(a, x, y),
                    PixelKind::Changed => {
                        changed += 1;
                        RED
                    }
                    PixelKind::AntiAliased => YELLOW,
                }
            };
            out[i * 3..i * 3 + 3].copy_from_slice(&color);
        }
    }
    if size_mismatch.is_some() {
        changed = compared;
    }
    let ratio = match (size_mismatch, compared) {
        (Some(_), _) => 1.0,
        (None, 0) => 0.0,
        (None, n) => changed as f64 / n as f64,
    };
    Ok(Comparison {
        changed,
        compared,
        ratio,
        diff_png: encode_rgb(&out, width as u32, height as u32)?,
        size_mismatch,
    })
}

/// One flag a pixel: inside an excluded region.
fn exclusion_mask(width: usize, height: usize, rects: &[PixelRect]) -> Vec<bool> {
    let mut mask = vec![false; width * height];
    for r in rects {
        let clip = |start: u32, len: u32, max: usize| {
            let start = (start as usize).min(max);
            (start, (start.saturating_add(len as usize)).min(max))
        };
        let (x0, x1) = clip(r.x, r.width, width);
        let (y0, y1) = clip(r.y, r.height, height);
        for y in y0..y1 {
            mask[y * width + x0..y * width + x1].fill(true);
        }
    }
    mask
}

/// The baseline's pixel as a faded grey (white beyond the baseline's size).
fn faded(a: Rgba<'_>, x: usize, y: usize) -> [u8; 3] {
    if x >= a.width || y >= a.height {
        return [255; 3];
    }
    let i = (y * a.width + x) * 4;
    let p = &a.data[i..i + 4];
    let luma = f64::from(p[0]) * 0.298_895_31
        + f64::from(p[1]) * 0.586_622_47
        + f64::from(p[2]) * 0.114_482_23;
    let alpha = FADE * f64::from(p[3]) / 255.0;
    // Between 0 and 255 for any input: the cast only drops the fraction.
    let v = (255.0 + (luma - 255.0) * alpha).clamp(0.0, 255.0) as u8;
    [v, v, v]
}

/// Diagonal hatching, so a left-out region never reads as "unchanged".
fn excluded_color(x: usize, y: usize) -> [u8; 3] {
    if (x + y) % 8 < 2 { HATCH } else { TINT }
}

fn encode_rgb(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, VisualError> {
    let error = |e: png::EncodingError| VisualError::Encode(e.to_string());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(error)?;
    writer.write_image_data(rgb).map_err(error)?;
    writer.finish().map_err(error)?;
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A PNG of `width × height` pixels, each coloured by `f(x, y)`.
    pub(crate) fn png(width: u32, height: u32, f: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
        let img = RgbaImage::from_fn(width, height, |x, y| image::Rgba(f(x, y)));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png)
            .expect("encode test PNG");
        out.into_inner()
    }

    fn white(_: u32, _: u32) -> [u8; 4] {
        [255, 255, 255, 255]
    }

    /// A white page with a black 10×5 block at (20, 30).
    fn with_block(x: u32, y: u32) -> [u8; 4] {
        if (20..30).contains(&x) && (30..35).contains(&y) {
            [0, 0, 0, 255]
        } else {
            [255, 255, 255, 255]
        }
    }

    fn pixel(diff_png: &[u8], x: u32, y: u32) -> [u8; 4] {
        decode(diff_png, "diff")
            .expect("diff decodes")
            .get_pixel(x, y)
            .0
    }

    #[test]
    fn identical_images_change_nothing() {
        let a = png(64, 48, with_block);
        let c = compare(&a, &a, &CompareOptions::default()).expect("compare");
        assert_eq!((c.changed, c.compared, c.ratio), (0, 64 * 48, 0.0));
        assert!(c.size_mismatch.is_none() && c.note().is_none());
        // Unchanged pixels are faded: the black block is a light grey.
        let grey = pixel(&c.diff_png, 22, 32);
        assert!(grey[0] > 200 && grey[0] < 255, "{grey:?}");
    }

    #[test]
    fn a_changed_block_is_counted_exactly() {
        let c = compare(
            &png(64, 48, white),
            &png(64, 48, with_block),
            &CompareOptions::default(),
        )
        .expect("compare");
        assert_eq!(c.changed, 50);
        assert_eq!(c.compared, 64 * 48);
        assert!((c.ratio - 50.0 / 3072.0).abs() < 1e-12, "{}", c.ratio);
        assert_eq!(pixel(&c.diff_png, 25, 32), [255, 0, 0, 255]);
        assert_eq!(pixel(&c.diff_png, 5, 5), [255, 255, 255, 255]);
    }

    #[test]
    fn an_excluded_rect_removes_the_change_and_is_hatched_in_the_diff_only() {
        let options = CompareOptions {
            excluded: vec![PixelRect {
                x: 18,
                y: 28,
                width: 14,
                height: 9,
            }],
            ..CompareOptions::default()
        };
        let current = png(64, 48, with_block);
        let c = compare(&png(64, 48, white), &current, &options).expect("compare");
        assert_eq!(c.changed, 0);
        assert_eq!(c.compared, 64 * 48 - 14 * 9);
        let shown = [pixel(&c.diff_png, 18, 28), pixel(&c.diff_png, 21, 28)];
        assert!(shown.iter().all(|p| p[2] > p[0]), "blue-ish: {shown:?}");
        assert_ne!(shown[0], shown[1], "hatched");
        // The screenshot itself is untouched.
        assert_eq!(current, png(64, 48, with_block));
    }

    #[test]
    fn an_excluded_rect_past_the_edge_is_clipped() {
        let options = CompareOptions {
            excluded: vec![PixelRect {
                x: 60,
                y: 40,
                width: u32::MAX,
                height: 100,
            }],
            ..CompareOptions::default()
        };
        let c = compare(&png(64, 48, white), &png(64, 48, white), &options).expect("compare");
        assert_eq!(c.compared, 64 * 48 - 4 * 8);
    }

    /// A white page crossed by a 4 px wide diagonal band, anti-aliased by 4×4 supersampling, moved
    /// right by `shift` pixels.
    fn diagonal(shift: f64) -> Vec<u8> {
        png(80, 60, |x, y| {
            let mut covered = 0;
            for sy in 0..4 {
                for sx in 0..4 {
                    let px = f64::from(x) + (f64::from(sx) + 0.5) / 4.0 - shift;
                    let py = f64::from(y) + (f64::from(sy) + 0.5) / 4.0;
                    // Distance from the line y = 0.5 x + 10, measured along x.
                    if (px - 2.0 * (py - 10.0)).abs() < 4.0 {
                        covered += 1;
                    }
                }
            }
            let v = 255 - (covered * 255 / 16) as u8;
            [v, v, v, 255]
        })
    }

    #[test]
    fn a_subpixel_shift_of_an_antialiased_line_is_not_a_change() {
        let (a, b) = (diagonal(0.0), diagonal(0.4));
        let strict = compare(&a, &b, &CompareOptions::default()).expect("compare");
        assert_eq!(strict.changed, 0, "anti-aliased pixels are not changes");
        let counted = CompareOptions {
            include_aa: true,
            ..CompareOptions::default()
        };
        let all = compare(&a, &b, &counted).expect("compare");
        assert!(all.changed > 20, "{}", all.changed);
        let yellow = decode(&strict.diff_png, "diff")
            .expect("decode")
            .pixels()
            .filter(|p| p.0 == [255, 255, 0, 255])
            .count();
        assert!(yellow > 20, "anti-aliased pixels are yellow: {yellow}");
    }

    #[test]
    fn a_different_size_is_all_changed_with_a_note() {
        let c = compare(
            &png(64, 48, white),
            &png(64, 50, white),
            &CompareOptions::default(),
        )
        .expect("compare");
        assert_eq!(c.size_mismatch, Some(((64, 48), (64, 50))));
        assert_eq!(c.ratio, 1.0);
        assert_eq!(c.changed, c.compared);
        assert_eq!(
            c.note().as_deref(),
            Some(
                "the screenshot is 64x50 pixels and its baseline 64x48: a different size counts as \
                 every pixel changed (another viewport, device pixel ratio or page length?)"
            )
        );
        // The overlap is drawn as compared, the extra rows red.
        assert_eq!(pixel(&c.diff_png, 3, 3), [255, 255, 255, 255]);
        assert_eq!(pixel(&c.diff_png, 3, 49), [255, 0, 0, 255]);
    }

    #[test]
    fn a_broken_png_is_named() {
        let err = compare(b"not a png", &png(2, 2, white), &CompareOptions::default())
            .expect_err("broken");
        assert!(
            err.to_string()
                .starts_with("cannot decode the baseline image: "),
            "{err}"
        );
    }

    #[test]
    fn css_boxes_grow_to_whole_device_pixels() {
        let css = crate::report::model::Rect {
            x: 10.25,
            y: 0.5,
            width: 20.0,
            height: 10.0,
        };
        assert_eq!(
            PixelRect::from_css(&css, 2.0),
            Some(PixelRect {
                x: 20,
                y: 1,
                width: 41,
                height: 20
            })
        );
        let empty = crate::report::model::Rect { width: 0.0, ..css };
        assert_eq!(PixelRect::from_css(&empty, 2.0), None);
        let off = crate::report::model::Rect { x: -5.0, ..css };
        assert_eq!(
            PixelRect::from_css(&off, 1.0).map(|r| (r.x, r.width)),
            Some((0, 15))
        );
    }
}
