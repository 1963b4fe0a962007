// document.hpp — a graph with its title and view, saved as versioned JSON and loaded strictly.
//
// The file format (version 1) is the product's file format: readable, hand-writable, one node
// per line, node ids kept exactly as in the graph. Node lines are written without spaces, which
// keeps a laid-out chain of a million nodes at about 77 MB; any JSON spacing reads the same.
//
//   {
//     "format": "gradflow-graph",
//     "version": 1,
//     "title": "f = (x+y)·z",
//     "nodes": [
//       {"id":0,"op":"input","name":"x","value":-2,"pos":[0,0]},
//       {"id":1,"op":"input","name":"y"},
//       {"id":3,"op":"add","name":"q","inputs":[0,1]},
//       {"id":4,"op":"pow","inputs":[3],"exponent":2},
//       {"id":5,"op":"const","value":1},
//       {"id":6,"op":"mul","inputs":[3,null]}
//     ],
//     "output": 4,
//     "view": {"pan": [0, 0], "zoom": 1}
//   }
//
// Required: "format", "version", "nodes"; per node "id" and "op" (a name from the op table).
// Optional: "title", "output" (an id or null), "view"; per node "name" (required for inputs),
// "inputs" (exactly one entry per pin, an id or null for an unconnected pin; omitted means all
// unconnected), the op's parameter under its table name (ops.hpp `param_name`: required, except
// that an input without "value" has no value yet) and "pos" ([x, y]).
//
// Loading is strict: anything unknown, misspelt, duplicated, dangling, cyclic, non-finite or
// out of range is refused with one line naming the problem and where it is ("nodes[3] (id 7):
// unknown op 'foo'"). The graph's own edit API does the graph-level validation, so a file can
// never hold a graph the editor could not have built. A refused load returns no document at all.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "graph.hpp"
#include "result.hpp"

namespace gf {

// Where the canvas looks: the pan offset and the zoom factor (> 0).
struct View {
  Vec2 pan;
  float zoom = 1.0f;
  bool operator==(const View&) const = default;
};

struct Document {
  Graph graph;
  std::string title;         // optional, "" when absent
  std::optional<View> view;  // optional
  bool operator==(const Document&) const = default;
};

inline constexpr int kDocumentVersion = 1;
inline constexpr std::string_view kDocumentFormat = "gradflow-graph";

// Limits that keep a hostile file from exhausting memory or the stack. The writer refuses what
// the reader would (save_document_file, check_document_size), so every saved file reads back.
// A laid-out chain takes about 77 bytes a node as written, so a million nodes use under 60 % of
// the text limit; reading takes about 15 to 20 bytes of memory per byte of text.
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{128} << 20;  // 128 MiB of text
inline constexpr std::size_t kMaxDocumentNodes = 2'000'000;
inline constexpr int kMaxDocumentNesting = 64;  // levels of [ and {
// Ids must stay below max(kMinIdLimit, kIdLimitPerNode × node count), so ids with holes are
// fine but "id": 2000000000 cannot make the graph allocate gigabytes. The floor is generous (a
// graph of ~64 bytes per id: at most ~70 MB) so that a document edited for a long time, with
// many nodes created and deleted, always loads again.
inline constexpr long long kMinIdLimit = 1 << 20;
inline constexpr long long kIdLimitPerNode = 8;

// The byte offset where [ and { (outside strings) first nest deeper than `max_depth`, or npos.
// Run before parsing so that no JSON parser ever sees hostile nesting (documents, sessions).
std::size_t find_excess_nesting(std::string_view text, int max_depth);

// JSON text, 2-space indent, one node per line in ascending id, ending with a newline.
// load_document(save_document(doc)) == doc for every document load_document accepts.
std::string save_document(const Document& doc);

// Strict loading (see the top of this file); the reason names the problem and where it is.
Result<Document> load_document(std::string_view json_text);

// Reads and loads a file; a refusal's reason starts with the path: "examples/x.json: ...".
Result<Document> load_document_file(const std::string& path);

// Writes atomically (see write_file_atomically). Refuses, writing nothing, a document that
// load_document_file would refuse: over kMaxDocumentBytes or kMaxDocumentNodes (see
// check_document_size).
Status save_document_file(const Document& doc, const std::string& path);

// Whether a document text of `bytes` bytes with `node_count` nodes can be read back; a refusal
// says why and that nothing was written (for writers of documents, e.g. the session).
Status check_document_size(std::size_t bytes, std::size_t node_count);

// The file helpers behind the two above, for other files core keeps (the session, the lab's
// points). Reading refuses a file over `max_bytes`, and anything but a regular file without
// waiting on it ("PATH: is a FIFO (named pipe), not <what>", "PATH: is a directory, not ...").
Result<std::string> read_file_text(const std::string& path, std::size_t max_bytes,
                                   std::string_view what = "a file");
// Writing is atomic and safe: the text goes to a new file beside the destination,
// PATH.tmp-<pid>-<random>, created with O_EXCL|O_NOFOLLOW (a link or file someone placed there
// is never followed or overwritten), flushed to disk, then renamed over the destination. When
// PATH is a symbolic link, the destination is the file it ends at: the link stays and its
// target is updated, as editors do. On failure the old file is left intact, the temporary file
// is removed, and the reason starts with the path and names the cause.
// `Scratch`: the same, without flushing to disk (files rewritten many times a second that no
// one keeps, such as the live label dump for tests).
enum class Durability { Flushed, Scratch };
Status write_file_atomically(const std::string& path, std::string_view text,
                             Durability durability = Durability::Flushed);

}  // namespace gf
