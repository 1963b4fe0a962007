// fuzz_session.cpp — libFuzzer target for the autosaved session file and for pasting text from
// the clipboard. Any bytes must give a refusal or a session that saves to text which loads back
// equal; pasting any bytes into a document either changes nothing (with a reason) or adds nodes
// that undo removes again exactly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "clipboard.hpp"
#include "history.hpp"
#include "session.hpp"

namespace {
void require(bool invariant) {
  if (!invariant) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (gf::Result<gf::Session> session = gf::load_session(text)) {
    gf::Result<gf::Session> again = gf::load_session(gf::save_session(*session));
    require(again.ok() && *again == *session);
  }
  gf::EditableDocument doc;
  (void)doc.add_node(gf::Op::Input, {0, 0});
  (void)doc.add_node(gf::Op::Add, {100, 0});
  (void)doc.connect(0, 1, 0);
  const gf::Document before = doc.document();
  const gf::Result<std::vector<gf::NodeId>> pasted = gf::paste_text(doc, text);
  if (!pasted) {
    require(doc.document() == before);
  } else if (!pasted->empty()) {
    require(doc.undo() && doc.document() == before);
  }
  return 0;
}
