// svg_export.cpp — the whole graph as SVG for slides: the same drawing as the canvas (through
// graph_drawing.hpp), in world units, with every number and callout as real text. The callout
// is placed as on the canvas, with the graph's bounds as the view; the image grows to hold
// everything drawn, the callout included.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "app.hpp"
#include "graph_drawing.hpp"
#include "message_text.hpp"

namespace gf::gui {

namespace {

std::string fill_attribute(const char* name, Color c) {
  if (c.a == 0) return std::string(" ") + name + "=\"none\"";
  std::string text = std::string(" ") + name + "=\"" + c.hex() + "\"";
  if (c.a < 255)
    text += std::string(" ") + name + "-opacity=\"" + std::to_string(c.a / 255.0) + "\"";
  return text;
}

class SvgPainter final : public Painter {
 public:
  SvgPainter(const FontSet& fonts, Box view) : fonts_(fonts), view_(view), drawn_(view) {}
  std::ostringstream body;
  // Everything drawn (and the view): the image's bounds.
  Box drawn() const { return drawn_; }

  void line(Vec2 a, Vec2 b, Color color, float width) override {
    grow({std::min(a.x, b.x), std::min(a.y, b.y)}, {std::max(a.x, b.x), std::max(a.y, b.y)});
    body << "<line x1=\"" << a.x << "\" y1=\"" << a.y << "\" x2=\"" << b.x << "\" y2=\"" << b.y
         << "\"" << fill_attribute("stroke", color) << " stroke-width=\"" << width << "\"/>\n";
  }
  void bezier(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3, Color color, float width) override {
    body << "<path d=\"M" << p0.x << "," << p0.y << " C" << p1.x << "," << p1.y << " " << p2.x
         << "," << p2.y << " " << p3.x << "," << p3.y << "\" fill=\"none\""
         << fill_attribute("stroke", color) << " stroke-width=\"" << width << "\"/>\n";
  }
  void circle(Vec2 c, float r, Color fill, Color stroke, float stroke_width) override {
    grow(c - Vec2{r, r}, c + Vec2{r, r});
    body << "<circle cx=\"" << c.x << "\" cy=\"" << c.y << "\" r=\"" << r << "\""
         << fill_attribute("fill", fill) << fill_attribute("stroke", stroke) << " stroke-width=\""
         << stroke_width << "\"/>\n";
  }
  void rect(Vec2 min, Vec2 max, float rounding, Color fill, Color stroke,
            float stroke_width) override {
    grow(min, max);
    body << "<rect x=\"" << min.x << "\" y=\"" << min.y << "\" width=\"" << max.x - min.x
         << "\" height=\"" << max.y - min.y << "\" rx=\"" << rounding << "\""
         << fill_attribute("fill", fill) << fill_attribute("stroke", stroke) << " stroke-width=\""
         << stroke_width << "\"/>\n";
  }
  void triangle(Vec2 a, Vec2 b, Vec2 c, Color fill) override {
    body << "<polygon points=\"" << a.x << "," << a.y << " " << b.x << "," << b.y << " " << c.x
         << "," << c.y << "\"" << fill_attribute("fill", fill) << "/>\n";
  }
  // DejaVu Sans as measured, but never less than 0.6 em a glyph: a viewer without DejaVu uses
  // another sans-serif, and a box sized for the text must hold it in that font too.
  Vec2 text_size(std::string_view text, float size) override {
    ImFont* font = fonts_.canvas_font(size);
    const ImVec2 extent =
        font->CalcTextSizeA(size, 1e9f, 0, text.data(), text.data() + text.size());
    return {std::max(extent.x, kGlyphWidthEm * size * static_cast<float>(glyph_count(text))),
            extent.y};
  }
  void text(Vec2 top_left, std::string_view text, float size, Color color,
            const LabelTag& tag) override {
    grow(top_left, top_left + text_size(text, size));
    // Baseline ≈ 0.8 em below the top for DejaVu Sans.
    body << "<text x=\"" << top_left.x << "\" y=\"" << top_left.y + size * 0.8f << "\" font-size=\""
         << size << "\"" << fill_attribute("fill", color) << " class=\""
         << label_kind_name(tag.kind) << "\">" << xml_escape(text) << "</text>\n";
  }
  float pixels_per_unit() const override { return 1.0f; }
  bool visible(Vec2, Vec2) const override { return true; }
  CalloutRoom callout_room() const override { return {view_, {}, true}; }

  static constexpr float kGlyphWidthEm = 0.6f;

 private:
  void grow(Vec2 min, Vec2 max) {
    drawn_.min = {std::min(drawn_.min.x, min.x), std::min(drawn_.min.y, min.y)};
    drawn_.max = {std::max(drawn_.max.x, max.x), std::max(drawn_.max.y, max.y)};
  }

  const FontSet& fonts_;
  Box view_, drawn_;
};

}  // namespace

std::string App::export_svg() const {
  SvgPainter painter(fonts_, graph_bounds(doc_.graph()));
  DrawSettings settings;
  settings.palette = make_palette(theme_);
  settings.digits = timeline_.digits;
  settings.text_scale = canvas_text_scale(theme_.presentation);
  const bool ready = evaluation_.has_value() && trace_.has_value();
  if (stepping_.asking)
    settings.question = &stepping_.question;  // a quiz slide: the "?" as on the canvas
  draw_graph(painter, doc_.graph(), ready ? &*evaluation_ : nullptr, ready ? &*trace_ : nullptr,
             ready ? &stepping_.drawn() : nullptr, settings);
  Box bounds = painter.drawn();
  const Vec2 margin{12, 12};
  bounds = {bounds.min - margin, bounds.max + margin};
  const Vec2 extent = bounds.max - bounds.min;
  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"" << bounds.min.x << " "
      << bounds.min.y << " " << extent.x << " " << extent.y << "\" width=\"" << extent.x
      << "\" height=\"" << extent.y
      << "\" font-family=\"DejaVu Sans, sans-serif\" xml:space=\"preserve\" style=\"white-space: "
         "pre\">\n"
      << "<rect x=\"" << bounds.min.x << "\" y=\"" << bounds.min.y << "\" width=\"" << extent.x
      << "\" height=\"" << extent.y << "\"" << fill_attribute("fill", settings.palette.background)
      << "/>\n"
      << painter.body.str() << "</svg>\n";
  return svg.str();
}

}  // namespace gf::gui
