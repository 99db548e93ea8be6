// Writes the seed files of the readers whose files only the LibTorch tools
// make (explorer dataset, FluCoMa MLP, rhythm model), through the library's
// own writers: `fuzz_make_seeds tests/fuzz/corpus`. Run once; the files are
// committed.
#include <fstream>
#include <limits>
#include <string>

#include "core/json_file.hpp"
#include "explorer/dataset.hpp"
#include "explorer/mlp.hpp"
#include "rhythm/model_file.hpp"

namespace {
void put(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }
}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "tests/fuzz/corpus";
  using namespace lw::explorer;
  Dataset d = make_dataset({"loudness", "centroid"}, default_outputs());
  Pair p;
  p.in = {-20.0, 1500.0};
  p.out.assign(d.outputs.size(), 0.25);
  p.source.kind = "manual";
  add_pairs(d, {p, p}, "seed");
  put(dir + "/explorer_dataset/two-pairs.json", dataset_to_json(d));
  Mlp m = make_mlp(2, {3}, 2, Activation::Sigmoid, Activation::Identity);
  put(dir + "/flucoma_mlp/ours.json", lw::dump_json(mlp_to_json(m, false)));
  put(dir + "/flucoma_mlp/flucoma.json", lw::dump_json(mlp_to_json(m, true)));
  lw::rhythm::ModelFile f;
  f.header["latent_dim"] = 2;
  f.tensors.push_back({"enc.weight", {2, 3}, {1, 2, 3, 4, 5, 6}});
  put(dir + "/rhythm_model/small.lwr", lw::rhythm::serialise_model(f));
  // The zero-sized tensor of issue 14 (memcpy from null in parse_model; the
  // issue-11 fix in lib/rhythm): kept aside until that lands, then moved to corpus/.
  lw::rhythm::ModelFile z = f;
  z.tensors.push_back({"empty", {0}, {}});
  put(dir + "/../pending/rhythm_model/zero-sized-tensor.lwr", lw::rhythm::serialise_model(z));
  f.tensors[0].data[1] = std::numeric_limits<float>::quiet_NaN();
  put(dir + "/rhythm_model/nan-weight.lwr", lw::rhythm::serialise_model(f));
  return 0;
}
