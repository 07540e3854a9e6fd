//! The pixelmatch method, reimplemented from its description: a perceptual colour distance in YIQ
//! space with a threshold (Kotsarenko & Ramos, "Measuring perceived color difference using YIQ NTSC
//! transmission color space in mobile applications", 2010), and a check that tells anti-aliased
//! edge pixels from real changes (Vysniauskas, "Anti-aliased pixel and intensity slope detector",
//! 2009), as Mapbox's pixelmatch combines them.

/// The largest squared YIQ distance two colours can have: a threshold `t` allows `t² ×` this.
pub const MAX_YIQ_DELTA: f64 = 35215.0;

/// An RGBA image, 8 bits a channel, rows top to bottom.
#[derive(Debug, Clone, Copy)]
pub struct Rgba<'a> {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width × height × 4` bytes.
    pub data: &'a [u8],
}

impl Rgba<'_> {
    fn px(&self, x: usize, y: usize) -> [u8; 4] {
        let i = (y * self.width + x) * 4;
        [
            self.data[i],
            self.data[i + 1],
            self.data[i + 2],
            self.data[i + 3],
        ]
    }
}

/// What one pixel of two images is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PixelKind {
    /// Identical, or closer than the threshold.
    Same,
    /// Perceptibly different.
    Changed,
    /// Different only as an anti-aliased edge that moved or was smoothed differently.
    AntiAliased,
}

/// The largest allowed squared YIQ distance for a threshold between 0 (exact) and 1 (anything goes).
pub fn max_delta(threshold: f64) -> f64 {
    MAX_YIQ_DELTA * threshold * threshold
}

/// Classifies the pixel at `(x, y)` of two images of the same size; without `detect_aa` every
/// perceptible difference is a change.
pub fn classify(
    a: Rgba<'_>,
    b: Rgba<'_>,
    (x, y): (usize, usize),
    max_delta: f64,
    detect_aa: bool,
) -> PixelKind {
    let (pa, pb) = (a.px(x, y), b.px(x, y));
    if pa == pb || color_delta(pa, pb) <= max_delta {
        PixelKind::Same
    } else if detect_aa && (antialiased(a, x, y, b) || antialiased(b, x, y, a)) {
        PixelKind::AntiAliased
    } else {
        PixelKind::Changed
    }
}

/// A colour over white, as the page would show it: transparency must not hide a change.
fn over_white(p: [u8; 4]) -> (f64, f64, f64) {
    let alpha = f64::from(p[3]) / 255.0;
    let blend = |c: u8| 255.0 + (f64::from(c) - 255.0) * alpha;
    (blend(p[0]), blend(p[1]), blend(p[2]))
}

fn luma((r, g, b): (f64, f64, f64)) -> f64 {
    r * 0.298_895_31 + g * 0.586_622_47 + b * 0.114_482_23
}

/// The squared, perceptually weighted YIQ distance of two colours.
pub fn color_delta(p1: [u8; 4], p2: [u8; 4]) -> f64 {
    let (c1, c2) = (over_white(p1), over_white(p2));
    let chroma_i =
        |(r, g, b): (f64, f64, f64)| r * 0.595_977_99 - g * 0.274_176_10 - b * 0.321_801_89;
    let chroma_q =
        |(r, g, b): (f64, f64, f64)| r * 0.211_470_17 - g * 0.522_617_11 + b * 0.311_146_94;
    let dy = luma(c1) - luma(c2);
    let di = chroma_i(c1) - chroma_i(c2);
    let dq = chroma_q(c1) - chroma_q(c2);
    0.5053 * dy * dy + 0.299 * di * di + 0.1957 * dq * dq
}

/// The brightness difference of two colours (signed).
fn brightness_delta(p1: [u8; 4], p2: [u8; 4]) -> f64 {
    luma(over_white(p1)) - luma(over_white(p2))
}

/// The 3×3 neighbourhood of a pixel, clipped to the image, and whether the pixel is on the border.
fn neighbourhood(img: Rgba<'_>, x: usize, y: usize) -> (usize, usize, usize, usize, bool) {
    let (x0, y0) = (x.saturating_sub(1), y.saturating_sub(1));
    let (x2, y2) = ((x + 1).min(img.width - 1), (y + 1).min(img.height - 1));
    let border = x == x0 || x == x2 || y == y0 || y == y2;
    (x0, y0, x2, y2, border)
}

/// Whether the pixel of `img` at `(x, y)` looks anti-aliased: it lies on a slope of brightness
/// between a darker and a brighter neighbour, and one of those sits in a flat area (many identical
/// neighbours) in both images, as the solid sides of a smoothed edge do.
pub fn antialiased(img: Rgba<'_>, x: usize, y: usize, other: Rgba<'_>) -> bool {
    let (x0, y0, x2, y2, border) = neighbourhood(img, x, y);
    let center = img.px(x, y);
    // Border pixels have fewer neighbours: count the missing ones as equal, once.
    let mut equal = usize::from(border);
    let (mut min, mut max) = (0.0_f64, 0.0_f64);
    // Where the neighbour brighter (`min`) and darker (`max`) than the centre by the most is.
    let (mut min_at, mut max_at) = ((x, y), (x, y));
    for ny in y0..=y2 {
        for nx in x0..=x2 {
            if (nx, ny) == (x, y) {
                continue;
            }
            let delta = brightness_delta(center, img.px(nx, ny));
            if delta == 0.0 {
                equal += 1;
                // More than two equal neighbours: a flat area or a line, not a smoothed edge.
                if equal > 2 {
                    return false;
                }
            } else if delta < min {
                min = delta;
                min_at = (nx, ny);
            } else if delta > max {
                max = delta;
                max_at = (nx, ny);
            }
        }
    }
    // An edge pixel has both a brighter and a darker neighbour.
    if min == 0.0 || max == 0.0 {
        return false;
    }
    let flat_in_both =
        |(px, py): (usize, usize)| many_siblings(img, px, py) && many_siblings(other, px, py);
    flat_in_both(min_at) || flat_in_both(max_at)
}

/// Whether at least three neighbours of `(x, y)` have exactly its colour.
fn many_siblings(img: Rgba<'_>, x: usize, y: usize) -> bool {
    let (x0, y0, x2, y2, border) = neighbourhood(img, x, y);
    let center = img.px(x, y);
    let mut equal = usize::from(border);
    for ny in y0..=y2 {
        for nx in x0..=x2 {
            if (nx, ny) != (x, y) && img.px(nx, ny) == center {
                equal += 1;
                if equal > 2 {
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: [u8; 4] = [255, 255, 255, 255];
    const BLACK: [u8; 4] = [0, 0, 0, 255];

    #[test]
    fn distances_stay_within_the_largest() {
        let d = color_delta(BLACK, WHITE);
        assert!((d - 0.5053 * 255.0 * 255.0).abs() < 1.0, "{d}");
        let corners: Vec<[u8; 4]> = (0..8u8)
            .map(|c| [(c & 1) * 255, (c >> 1 & 1) * 255, (c >> 2 & 1) * 255, 255])
            .collect();
        let largest = corners
            .iter()
            .flat_map(|a| corners.iter().map(|b| color_delta(*a, *b)))
            .fold(0.0, f64::max);
        assert!(
            largest <= MAX_YIQ_DELTA && largest > MAX_YIQ_DELTA - 1.0,
            "{largest}"
        );
        assert_eq!(color_delta(WHITE, WHITE), 0.0);
    }

    #[test]
    fn transparency_is_seen_over_white() {
        assert_eq!(color_delta([0, 0, 0, 0], WHITE), 0.0);
        assert!(color_delta([0, 0, 0, 128], WHITE) > max_delta(0.1));
    }

    #[test]
    fn the_threshold_lets_near_colours_pass() {
        let near = [250, 250, 250, 255];
        assert!(color_delta(near, WHITE) <= max_delta(0.1));
        assert!(color_delta([200, 200, 200, 255], WHITE) > max_delta(0.1));
    }

    /// A 5×5 image: black left of column 2, white right of it, and column 2 grey.
    fn edge(grey: u8) -> Vec<u8> {
        let mut data = Vec::new();
        for _y in 0..5 {
            for x in 0..5 {
                let v = match x {
                    0 | 1 => 0,
                    2 => grey,
                    _ => 255,
                };
                data.extend_from_slice(&[v, v, v, 255]);
            }
        }
        data
    }

    #[test]
    fn a_smoothed_edge_is_antialiased_and_a_flat_area_is_not() {
        let (a, b) = (edge(100), edge(160));
        let (a, b) = (
            Rgba {
                width: 5,
                height: 5,
                data: &a,
            },
            Rgba {
                width: 5,
                height: 5,
                data: &b,
            },
        );
        assert_eq!(
            classify(a, b, (2, 2), max_delta(0.1), true),
            PixelKind::AntiAliased
        );
        assert_eq!(
            classify(a, b, (2, 2), max_delta(0.1), false),
            PixelKind::Changed
        );
        assert!(!antialiased(a, 0, 2, b), "inside the black area");
        assert_eq!(
            classify(a, a, (2, 2), max_delta(0.1), true),
            PixelKind::Same
        );
    }

    #[test]
    fn a_lone_dot_is_a_change() {
        let white = vec![255u8; 5 * 5 * 4];
        let mut dot = white.clone();
        dot[(2 * 5 + 2) * 4..(2 * 5 + 2) * 4 + 3].copy_from_slice(&[0, 0, 0]);
        let (a, b) = (
            Rgba {
                width: 5,
                height: 5,
                data: &white,
            },
            Rgba {
                width: 5,
                height: 5,
                data: &dot,
            },
        );
        assert_eq!(
            classify(a, b, (2, 2), max_delta(0.1), true),
            PixelKind::Changed
        );
        assert_eq!(
            classify(a, b, (1, 1), max_delta(0.1), true),
            PixelKind::Same
        );
    }

    #[test]
    fn tiny_images_have_neighbourhoods_too() {
        let one = [0u8, 0, 0, 255];
        let other = [255u8, 255, 255, 255];
        let (a, b) = (
            Rgba {
                width: 1,
                height: 1,
                data: &one,
            },
            Rgba {
                width: 1,
                height: 1,
                data: &other,
            },
        );
        assert_eq!(
            classify(a, b, (0, 0), max_delta(0.1), true),
            PixelKind::Changed
        );
    }
}
