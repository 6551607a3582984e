//! The market's printed documents (invoices, pick lists, labels) as PDF:
//! a small layout of text, rules and frames on A4 pages, measured with the
//! embedded DejaVu Sans, then drawn by krilla.

use kernel::AppError;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

const REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// A4, in points.
pub const WIDTH: f32 = 595.28;
pub const HEIGHT: f32 = 841.89;
pub const MARGIN: f32 = 48.0;
pub const BOTTOM: f32 = HEIGHT - 56.0;

/// One thing drawn on a page.
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Rule {
        y: f32,
    },
    /// A frame: a label's edge.
    Frame {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
}

/// Where the text goes and how wide it is, laid out before it is drawn.
pub struct Layout {
    pub pages: Vec<Vec<Op>>,
    pub y: f32,
    regular: skrifa::FontRef<'static>,
    bold: skrifa::FontRef<'static>,
}

impl Layout {
    pub fn new() -> Result<Layout, AppError> {
        let font = |data: &'static [u8]| {
            skrifa::FontRef::new(data).map_err(|_| AppError::Internal("invoice font".into()))
        };
        Ok(Layout {
            pages: vec![Vec::new()],
            y: MARGIN,
            regular: font(REGULAR)?,
            bold: font(BOLD)?,
        })
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let font = if bold { &self.bold } else { &self.regular };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .filter_map(|c| charmap.map(c))
            .filter_map(|g| metrics.advance_width(g))
            .sum()
    }

    /// Words of `text` in lines no wider than `width`.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size, bold) > width && !line.is_empty() {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    pub fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Room for `height` more points, on a new page if need be.
    pub fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    pub fn text(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        let text = self.drawable(text, bold);
        self.op(Op::Text {
            x,
            y: self.y,
            size,
            bold,
            text,
        });
    }

    /// `text` with what the font cannot draw replaced: a document for
    /// archiving (PDF/A) refuses a character without a glyph, and names
    /// may hold any (an emoji, Chinese). Joiners and emoji selectors,
    /// drawn as nothing, go; any other character becomes "?".
    fn drawable(&self, text: &str, bold: bool) -> String {
        let charmap = if bold { &self.bold } else { &self.regular }.charmap();
        text.chars()
            .filter_map(|c| match charmap.map(c) {
                Some(_) => Some(c),
                None if matches!(c, '\u{200B}'..='\u{200D}' | '\u{FE00}'..='\u{FE0F}') => None,
                None => Some('?'),
            })
            .collect()
    }

    /// Text ending at `right`.
    pub fn right(&mut self, right: f32, size: f32, bold: bool, text: &str) {
        let text = self.drawable(text, bold);
        let x = right - self.width(&text, size, bold);
        self.text(x, size, bold, &text);
    }

    /// A paragraph wrapped to `width`, going down line by line.
    pub fn paragraph(&mut self, x: f32, width: f32, size: f32, bold: bool, text: &str) {
        for line in self.wrap(text, size, bold, width) {
            self.room(size * 1.4);
            self.y += size * 1.4;
            self.text(x, size, bold, &line);
        }
    }

    pub fn rule(&mut self) {
        self.y += 6.0;
        self.op(Op::Rule { y: self.y });
        self.y += 4.0;
    }
}

/// A layout as a PDF file of its own.
pub fn render(layout: &Layout) -> Result<Vec<u8>, AppError> {
    let mut document = Document::new();
    draw(&mut document, layout)?;
    document
        .finish()
        .map_err(|e| AppError::Internal(format!("PDF: {e:?}")))
}

/// Draws a layout's pages into `document`.
pub fn draw(document: &mut Document, layout: &Layout) -> Result<(), AppError> {
    let broken = |what: &str| AppError::Internal(format!("PDF: {what}"));
    let regular = Font::new(REGULAR.to_vec().into(), 0).ok_or_else(|| broken("font"))?;
    let bold = Font::new(BOLD.to_vec().into(), 0).ok_or_else(|| broken("font"))?;
    for ops in &layout.pages {
        let mut page = document.start_page_with(
            PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| broken("page size"))?,
        );
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: b,
                    text,
                } => surface.draw_text(
                    Point::from_xy(*x, *y),
                    if *b { bold.clone() } else { regular.clone() },
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                ),
                Op::Rule { y } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(MARGIN, *y);
                    pb.line_to(WIDTH - MARGIN, *y);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(grey()));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
                Op::Frame {
                    x,
                    y,
                    width,
                    height,
                } => {
                    let mut pb = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) {
                        pb.push_rect(rect);
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(grey()));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    Ok(())
}

fn grey() -> Stroke {
    Stroke {
        paint: rgb::Color::new(120, 120, 120).into(),
        width: 0.5,
        ..Stroke::default()
    }
}
