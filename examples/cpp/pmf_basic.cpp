// PMF base runs from C++: read the bundled PMF 5.0-layout files, prepare them (total variable
// weak, categories from S/N), run 20 seeded base runs and print the run table and the profiles.
//
//   example_pmf_basic [conc.csv unc.csv factors]
#include <aqm/aqm.hpp>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  const std::string dir = std::string(AQM_SOURCE_DIR) + "/data/pmf/";
  const std::string conc_path = argc > 2 ? argv[1] : dir + "hangzhou_like_2021_con.csv";
  const std::string unc_path = argc > 2 ? argv[2] : dir + "hangzhou_like_2021_unc.csv";
  const int factors = argc > 3 ? std::stoi(argv[3]) : 7;
  try {
    const auto conc = aqm::io::read_delimited(conc_path);
    const auto unc = aqm::io::read_delimited(unc_path);

    aqm::pmf::PrepareOptions prep;
    prep.total_variable = "PM2.5";
    // First pass only for S/N; then set the suggested categories (PMF 5.0 guidance).
    for (const auto& s : aqm::pmf::prepare(conc, unc, prep).summary)
      if (s.species != prep.total_variable)
        prep.categories[s.species] = aqm::pmf::suggest_category(s.signal_to_noise);
    const auto data = aqm::pmf::prepare(conc, unc, prep);

    aqm::pmf::BaseRunOptions options;
    options.solve.n_factors = factors;
    options.n_runs = 20;
    options.seed = 42;
    const auto result = aqm::pmf::base_runs(data, options);

    std::printf("run  Q(robust)   Q(true)  converged  sweeps\n");
    for (const auto& r : result.runs)
      std::printf("%3d %10.1f %10.1f %6s %8d%s\n", r.run, r.q_robust, r.q_true,
                  r.converged ? "yes" : "no", r.iterations,
                  r.run == result.best_run + 1 ? "  <- best" : "");
    std::printf("Q_exp = %.0f\n\nfactor profiles (%% of species):\n%-8s", result.diagnostics.q_exp,
                "");
    const auto& species = data.concentrations.column_labels();
    for (const auto& s : species) std::printf("%7.6s", s.c_str());
    std::printf("\n");
    for (int k = 0; k < factors; ++k) {
      std::printf("Factor %d", k + 1);
      for (std::size_t j = 0; j < species.size(); ++j)
        std::printf("%7.1f", result.diagnostics.profiles_percent(k, static_cast<Eigen::Index>(j)));
      std::printf("\n");
    }
    return result.runs[result.best_run].converged ? 0 : 1;
  } catch (const aqm::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
}
