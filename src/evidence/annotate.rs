//! Annotated copies of screenshots: a box around the element a step acted on and a caption strip
//! with the step's number and name. Pure image work, run off the critical path by [`super::pool`].

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{Rgba, RgbaImage};
use memmap2::Mmap;

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

/// The caption font, mapped from its file rather than read: the few glyphs a caption draws touch a
/// few pages of it, where a copy would keep the whole file (700 KB for DejaVu Sans Bold) resident.
fn caption_font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FONT_PATHS.iter().find_map(|p| mapped_font(p)))
        .as_ref()
}

/// The font at `path`, parsed once over a map that lives as long as the process (it is mapped at
/// most once a run; a file that is there but no font keeps its map too).
fn mapped_font(path: &str) -> Option<FontRef<'static>> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the map is read-only and the file is one of the system's packaged fonts, which the
    // package manager replaces by renaming a new file over it (the mapping keeps the old one's
    // pages), never by writing into it. Only a font truncated in place while mapped could fault.
    let map = unsafe { Mmap::map(&file) }.ok()?;
    let bytes: &'static [u8] = Box::leak(Box::new(map));
    FontRef::try_from_slice(bytes).ok()
}

/// Draws the box (when there is an element) and adds the caption strip below the screenshot.
///
/// The screenshot streams through row by row (decode, paint, encode), so an annotation holds a few
/// rows and the caption strip in memory, never the whole image.
pub fn annotate(
    png_bytes: &[u8],
    rect: Option<DeviceRect>,
    caption: &str,
    scale: f64,
) -> Result<Vec<u8>, String> {
    let decode_error = |e: png::DecodingError| format!("cannot decode the screenshot: {e}");
    let encode_error =
        |e: png::EncodingError| format!("cannot encode the annotated screenshot: {e}");
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(decode_error)?;
    let (width, height, interlaced) = {
        let info = reader.info();
        (info.width, info.height, info.interlaced)
    };
    let (color, _) = reader.output_color_type();
    let edges = rect.map_or_else(Vec::new, |r| {
        box_edges(r, width, height, (3.0 * scale).round().max(2.0) as u32)
    });
    let strip = caption_strip(width, (34.0 * scale).round() as u32, caption, scale);

    let mut out = Vec::with_capacity(png_bytes.len() + png_bytes.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, width, height + strip.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(encode_error)?;
    let mut stream = writer.stream_writer().map_err(encode_error)?;
    let mut row = vec![0u8; width as usize * 4];
    let mut emit = |y: u32, data: &[u8]| -> Result<(), String> {
        to_rgba(data, color, &mut row)?;
        paint(&mut row, y, &edges);
        std::io::Write::write_all(&mut stream, &row)
            .map_err(|e| format!("cannot encode the annotated screenshot: {e}"))
    };
    if interlaced {
        // Adam7 rows arrive in passes: only here is the whole image decoded at once.
        let size = reader
            .output_buffer_size()
            .ok_or("cannot decode the screenshot: it is too large")?;
        let mut frame = vec![0u8; size];
        let info = reader.next_frame(&mut frame).map_err(decode_error)?;
        for (y, line) in (0..height).zip(frame.chunks(info.line_size)) {
            emit(y, line)?;
        }
    } else {
        let mut y = 0;
        while let Some(line) = reader.next_row().map_err(decode_error)? {
            emit(y, line.data())?;
            y += 1;
        }
    }
    std::io::Write::write_all(&mut stream, strip.as_raw())
        .map_err(|e| format!("cannot encode the annotated screenshot: {e}"))?;
    stream.finish().map_err(encode_error)?;
    writer.finish().map_err(encode_error)?;
    Ok(out)
}

/// One decoded row (8 bits a channel, after normalisation) as RGBA.
fn to_rgba(data: &[u8], color: png::ColorType, out: &mut [u8]) -> Result<(), String> {
    let channels = match color {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Grayscale => 1,
        png::ColorType::Indexed => return Err("cannot decode the screenshot: palette left".into()),
    };
    for (pixel, px) in out.chunks_exact_mut(4).zip(data.chunks_exact(channels)) {
        let rgba = match *px {
            [r, g, b, a] => [r, g, b, a],
            [r, g, b] => [r, g, b, 255],
            [v, a] => [v, v, v, a],
            [v] => [v, v, v, 255],
            _ => [0, 0, 0, 255],
        };
        pixel.copy_from_slice(&rgba);
    }
    Ok(())
}

/// A rectangle of pixels: columns `x0..x1`, rows `y0..y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
}

/// Paints the parts of the box's edges that cross row `y`.
fn paint(row: &mut [u8], y: u32, edges: &[Span]) {
    for e in edges.iter().filter(|e| (e.y0..e.y1).contains(&y)) {
        let (start, end) = (e.x0 as usize * 4, e.x1 as usize * 4);
        for pixel in row[start..end].chunks_exact_mut(4) {
            pixel.copy_from_slice(&BOX.0);
        }
    }
}

/// The four edges of an outline drawn just outside the element (so it never hides it), clipped to
/// the screenshot.
fn box_edges(r: DeviceRect, width: u32, height: u32, thickness: u32) -> Vec<Span> {
    let t = f64::from(thickness);
    let left = (r.x - t - 1.0).floor();
    let top = (r.y - t - 1.0).floor();
    let right = (r.x + r.width + 1.0).ceil();
    let bottom = (r.y + r.height + 1.0).ceil();
    let clip = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let (x0, x1) = (x0.max(0.0), x1.min(f64::from(width)));
        let (y0, y1) = (y0.max(0.0), y1.min(f64::from(height)));
        (x0 < x1 && y0 < y1).then_some(Span {
            x0: x0 as u32,
            y0: y0 as u32,
            x1: x1 as u32,
            y1: y1 as u32,
        })
    };
    [
        clip(left, top, right + t, top + t),       // top edge
        clip(left, bottom, right + t, bottom + t), // bottom edge
        clip(left, top, left + t, bottom + t),     // left edge
        clip(right, top, right + t, bottom + t),   // right edge
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The strip added below the screenshot, with the caption (left out when no font is installed).
fn caption_strip(width: u32, height: u32, caption: &str, scale: f64) -> RgbaImage {
    let mut strip = RgbaImage::from_pixel(width, height, STRIP);
    if let Some(font) = caption_font() {
        draw_text(
            &mut strip,
            font,
            caption,
            12.0 * scale,
            23.0 * scale,
            15.0 * scale,
        );
    }
    strip
}

/// Draws one line of text with its baseline at `baseline`, cut with an ellipsis to fit the width.
fn draw_text(
    canvas: &mut RgbaImage,
    font: &FontRef<'_>,
    text: &str,
    x: f64,
    baseline: f64,
    size: f64,
) {
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
    fn an_rgb_screenshot_without_alpha_is_annotated_too() {
        let img = image::RgbImage::from_pixel(30, 20, image::Rgb([10, 200, 30]));
        let mut png = Vec::new();
        img.write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
            .expect("encode");
        let out = annotate(&png, None, "x", 1.0).expect("annotate");
        let img = image::load_from_memory(&out).expect("decode").to_rgba8();
        assert_eq!(img.dimensions(), (30, 54));
        assert_eq!(*img.get_pixel(5, 5), Rgba([10, 200, 30, 255]));
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
