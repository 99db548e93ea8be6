// Entry point of liblw_explorer_torch.so (see trainer_module.hpp).
#include "explorer/trainer_module.hpp"
#include "model/torch_runtime.hpp"

extern "C" const lw::explorer::TrainerApi* lw_explorer_trainer() {
  static const lw::explorer::TrainerApi api{lw::explorer::kTrainerAbi, &lw::model::set_threads,
                                            &lw::explorer::train};
  return &api;
}
