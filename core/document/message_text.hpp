// message_text.hpp — text for messages and JSON files, shared by the readers and writers of
// documents and sessions: user text made printable, a JSON value's kind in words, a JSON string,
// XML text.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace gf {

// The length of the valid UTF-8 sequence starting at text[i], or 0 when there is none there.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// User text fit for a one-line message: control characters and invalid UTF-8 become \xNN, and
// text longer than `max_bytes` is cut (at a character boundary) and ends with "…".
std::string printable(std::string_view text, std::size_t max_bytes);

// What a JSON value is, for "must be a number, not an array": "null", "an object", "true", "the
// number 3.5" …
std::string type_phrase(const nlohmann::json& value);

// `text` as a JSON string literal; invalid UTF-8 (only possible in a title set by code) becomes
// U+FFFD instead of throwing, so saving never fails.
std::string json_string(std::string_view text);

// `text` fit for XML, SVG and Graphviz's HTML labels: & < > " as entities.
std::string xml_escape(std::string_view text);

}  // namespace gf
