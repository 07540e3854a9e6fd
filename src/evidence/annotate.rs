//! Annotated copies of screenshots: a box around the element a step acted on and a caption strip
//! with the step's number and name. Pure image work, run off the critical path by [`super::pool`].

use std::sync::OnceLock;

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
use image::{Rgba, RgbaImage};

/// The box colour: a magenta that no product UI of ours uses, visible on white and on dark headers.
const BOX: Rgba<u8> = Rgba([226, 0, 116, 255]);
/// The caption strip's background and text.
const STRIP: Rgba<u8> = Rgba([24, 32, 48, 255]);
const TEXT: Rgba<u8> = Rgba([255, 255, 255, 255]);

/// A box in device pixels of the captured image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeviceRect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Fonts looked for, in order, for the caption (Debian's packages; the caption is left out without one).
const FONT_PATHS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Medium.ttf",
];

fn caption_font() -> Option<&'static FontVec> {
    static FONT: OnceLock<Option<FontVec>> = OnceLock::new();
    FONT.get_or_init(|| {
        FONT_PATHS.iter().find_map(|p| {
            std::fs::read(p)
                .ok()
                .and_then(|bytes| FontVec::try_from_vec(bytes).ok())
        })
    })
    .as_ref()
}

/// Draws the box (when there is an element) and adds the caption strip below the screenshot.
pub fn annotate(
    png: &[u8],
    rect: Option<DeviceRect>,
    caption: &str,
    scale: f64,
) -> Result<Vec<u8>, String> {
    let decoded = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map_err(|e| format!("cannot decode the screenshot: {e}"))?
        .to_rgba8();
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let strip_height = (34.0 * scale).round() as u32;
    let (width, height) = decoded.dimensions();
    let mut canvas = RgbaImage::from_pixel(width, height + strip_height, STRIP);
    image::imageops::replace(&mut canvas, &decoded, 0, 0);
    if let Some(r) = rect {
        draw_box(
            &mut canvas,
            r,
            height,
            (3.0 * scale).round().max(2.0) as u32,
        );
    }
    if let Some(font) = caption_font() {
        draw_text(
            &mut canvas,
            font,
            caption,
            12.0 * scale,
            f64::from(height) + 23.0 * scale,
            15.0 * scale,
        );
    }
    let mut out = Vec::with_capacity(png.len() + png.len() / 8);
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    );
    canvas
        .write_with_encoder(encoder)
        .map_err(|e| format!("cannot encode the annotated screenshot: {e}"))?;
    Ok(out)
}

/// An outline drawn just outside the element (so it never hides it), clipped to the screenshot.
fn draw_box(canvas: &mut RgbaImage, r: DeviceRect, image_height: u32, thickness: u32) {
    let t = f64::from(thickness);
    let left = (r.x - t - 1.0).floor();
    let top = (r.y - t - 1.0).floor();
    let right = (r.x + r.width + 1.0).ceil();
    let bottom = (r.y + r.height + 1.0).ceil();
    let width = f64::from(canvas.width());
    let height = f64::from(image_height);
    let fill = |canvas: &mut RgbaImage, x0: f64, y0: f64, x1: f64, y1: f64| {
        let (x0, x1) = (x0.max(0.0), x1.min(width));
        let (y0, y1) = (y0.max(0.0), y1.min(height));
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        for y in y0 as u32..y1 as u32 {
            for x in x0 as u32..x1 as u32 {
                canvas.put_pixel(x, y, BOX);
            }
        }
    };
    fill(canvas, left, top, right + t, top + t); // top edge
    fill(canvas, left, bottom, right + t, bottom + t); // bottom edge
    fill(canvas, left, top, left + t, bottom + t); // left edge
    fill(canvas, right, top, right + t, bottom + t); // right edge
}

/// Draws one line of text with its baseline at `baseline`, cut with an ellipsis to fit the width.
fn draw_text(canvas: &mut RgbaImage, font: &FontVec, text: &str, x: f64, baseline: f64, size: f64) {
    let scaled = font.as_scaled(PxScale::from(size as f32));
    let max_x = f64::from(canvas.width()) - x;
    let mut pen = x as f32;
    let mut shown = String::new();
    for c in text.chars() {
        let advance = scaled.h_advance(scaled.glyph_id(c));
        if f64::from(pen + advance) > max_x - f64::from(size as f32) {
            shown.push('…');
            break;
        }
        shown.push(c);
        pen += advance;
    }
    let mut pen = x as f32;
    let mut previous = None;
    for c in shown.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            pen += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(
            PxScale::from(size as f32),
            ab_glyph::point(pen, baseline as f32),
        );
        pen += scaled.h_advance(id);
        previous = Some(id);
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let px = bounds.min.x as i64 + i64::from(gx);
            let py = bounds.min.y as i64 + i64::from(gy);
            if px < 0
                || py < 0
                || px >= i64::from(canvas.width())
                || py >= i64::from(canvas.height())
            {
                return;
            }
            let (px, py) = (px as u32, py as u32);
            let under = *canvas.get_pixel(px, py);
            canvas.put_pixel(px, py, blend(under, TEXT, coverage));
        });
    }
}

fn blend(under: Rgba<u8>, over: Rgba<u8>, alpha: f32) -> Rgba<u8> {
    let a = alpha.clamp(0.0, 1.0);
    let mix = |u: u8, o: u8| (f32::from(u) * (1.0 - a) + f32::from(o) * a).round() as u8;
    Rgba([
        mix(under[0], over[0]),
        mix(under[1], over[1]),
        mix(under[2], over[2]),
        255,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn white_png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbaImage::from_pixel(w, h, Rgba([255, 255, 255, 255]));
        let mut out = Vec::new();
        img.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
            .expect("encode");
        out
    }

    #[test]
    fn boxes_the_element_and_adds_a_caption_strip() {
        let rect = DeviceRect {
            x: 40.0,
            y: 30.0,
            width: 50.0,
            height: 20.0,
        };
        let png =
            annotate(&white_png(200, 100), Some(rect), "3/9 click 'Salva'", 1.0).expect("annotate");
        let img = image::load_from_memory(&png).expect("decode").to_rgba8();
        assert_eq!(
            img.dimensions(),
            (200, 134),
            "34 px caption strip below the page"
        );
        assert_eq!(
            *img.get_pixel(37, 40),
            BOX,
            "left edge of the box, outside the element"
        );
        assert_eq!(
            *img.get_pixel(60, 40),
            Rgba([255, 255, 255, 255]),
            "the element itself stays visible"
        );
        assert_eq!(*img.get_pixel(2, 130), STRIP, "the strip");
    }

    #[test]
    fn a_box_outside_the_image_is_clipped_not_a_panic() {
        let rect = DeviceRect {
            x: -500.0,
            y: 5000.0,
            width: 10.0,
            height: 10.0,
        };
        assert!(annotate(&white_png(20, 20), Some(rect), "x", 2.0).is_ok());
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(annotate(b"not a png", None, "x", 1.0).is_err());
    }
}
