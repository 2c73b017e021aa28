// Parsers, rate expressions and the MCM rate library against outside reference values.
#include "chem_test_util.hpp"

#include <cctype>
#include <cmath>
#include <fstream>
#include <set>

using namespace aqm::chem;
using chem_test::shared_mech;
using chem_test::test_data;

namespace {
// Conditions of the reference table (chemistry.md §5.2): 298.15 K, 1013.25 hPa, H2O = 1 % of M.
Environment ref_env() {
  Environment e = Environment::from(298.15, 1013.25, 0.0);
  e.h2o = 0.01 * e.m;
  return e;
}
RateExpression compile_plain(const std::string& text) {
  Mechanism m;
  return m.compile(text, aqm::Location{"test", 1, 1, ""});
}
double eval_at(const std::string& text, double temp) {
  Mechanism m;
  RateExpression e = m.compile(text, aqm::Location{});
  RateInputs in;
  in[EnvVar::temp] = temp;
  in.coef = nullptr;
  // library coefficients referenced by text are evaluated through a KineticSystem instead
  return e.evaluate(in);
}
}  // namespace

TEST_CASE("chem rate expressions: syntax, precedence and Fortran conventions") {
  CHECK(eval_at("2.0D-12*EXP(-300/TEMP)", 250.0) ==
        doctest::Approx(2.0e-12 * std::exp(-300.0 / 250.0)).epsilon(1e-14));
  CHECK(eval_at("(TEMP/300)@-2.6", 250.0) ==
        doctest::Approx(std::pow(250.0 / 300.0, -2.6)).epsilon(1e-14));
  CHECK(eval_at("(TEMP/300.)**(-2.6)", 250.0) ==
        doctest::Approx(std::pow(250.0 / 300.0, -2.6)).epsilon(1e-14));
  CHECK(eval_at("-2**2", 300.0) == doctest::Approx(-4.0));     // Fortran: -(2**2)
  CHECK(eval_at("2**3**2", 300.0) == doctest::Approx(512.0));  // right-associative
  CHECK(eval_at("10@(LOG10(0.35))", 300.0) == doctest::Approx(0.35));
  CHECK(eval_at("1.0_dp + 1.5e+1 - .5", 300.0) == doctest::Approx(15.5));
  CHECK(eval_at("SQRT(16.)*ABS(-2)/LOG(EXP(2.0))", 300.0) == doctest::Approx(4.0));
  CHECK(eval_at("MIN(3, T) + MAX(1, 2)", 300.0) == doctest::Approx(5.0));
  // Constant sub-expressions fold to a single instruction.
  CHECK(compile_plain("2.0*3.0+EXP(0)").is_constant());

  // J<n> (FACSIMILE), J(n) and J(J_NAME) (KPP MCM export) address the MCM J numbers.
  const double j[] = {0, 1, 2, 3, 4.5, 5};
  RateInputs in;
  in.j = j;
  in.n_j = 6;
  CHECK(compile_plain("J<4>").evaluate(in) == 4.5);
  CHECK(compile_plain("J(4)").evaluate(in) == 4.5);
  CHECK(compile_plain("J(J_NO2)").evaluate(in) == 4.5);
  CHECK(compile_plain("J(J_NO2)").uses_photolysis());
  CHECK(compile_plain("J<41>").evaluate(in) == 0.0);  // beyond the supplied table
  CHECK(mcm_photolysis_index("J_CH3OOH") == 41);
  CHECK(mcm_photolysis_index("J_NOA") == 56);
  CHECK(mcm_photolysis_index("J_HCHO_H") == 11);

  // RO2-linear expressions expose their RO2-free factor.
  RateExpression r = compile_plain("2*KCH3O2*RO2*7.18*EXP(-885/TEMP)");
  CHECK(r.uses_ro2());
  CHECK(r.ro2_factor_code().has_value());
  CHECK_FALSE(r.ro2_factor().uses_ro2());
  CHECK_FALSE(compile_plain("1e-12*EXP(RO2/1e9)").ro2_factor_code().has_value());
}

TEST_CASE("chem rate expressions: errors name the place") {
  CHECK_THROWS_WITH_AS(compile_plain("1.0*FOO"), doctest::Contains("test:1:5: unknown name 'FOO'"),
                       aqm::ParseError);
  CHECK_THROWS_AS(compile_plain("1.0*(2"), aqm::ParseError);
  CHECK_THROWS_AS(compile_plain("1.0 2.0"), aqm::ParseError);
  CHECK_THROWS_AS(compile_plain("EXP(1,2)"), aqm::ParseError);
  CHECK_THROWS_AS(compile_plain("NOSUCHFN(1)"), aqm::ParseError);
  CHECK_THROWS_AS(compile_plain("J(J_NOPE)"), aqm::ParseError);
  CHECK_THROWS_AS(compile_plain(""), aqm::ParseError);
}

TEST_CASE("chem KPP library functions follow KPP's UserRateLaws formulas") {
  // Formulas of KPP util/UserRateLaws (chemistry.md §1.2) evaluated here by hand at 275 K with
  // CFACTOR = 2.4476e13 (saprc99.def).
  const double T = 275.0, cf = 2.4476e13;
  Mechanism m;
  m.set_cfactor(cf);
  auto v = [&](const std::string& text) {
    RateInputs in;
    in[EnvVar::temp] = T;
    in[EnvVar::cfactor] = cf;
    return m.compile(text, {}).evaluate(in);
  };
  CHECK(v("ARR_abc(1.2e-11, 250.0, -1.5)") ==
        doctest::Approx(1.2e-11 * std::exp(-250.0 / T) * std::pow(T / 300.0, -1.5)).epsilon(1e-13));
  CHECK(v("ARR_ab(6.5e-12, -120.0)") ==
        doctest::Approx(6.5e-12 * std::exp(120.0 / T)).epsilon(1e-13));
  CHECK(v("ARR_ac(5.68e-34, -2.8)") ==
        doctest::Approx(5.68e-34 * std::pow(T / 300.0, -2.8)).epsilon(1e-13));
  {
    const double k0 = 7.2e-15 * std::exp(785.0 / T), k2 = 4.1e-16 * std::exp(1440.0 / T);
    const double k3 = 1.9e-33 * std::exp(725.0 / T) * cf * 1e6;
    CHECK(v("EP2(7.20e-15,-785.0,4.10e-16,-1440.0,1.90e-33,-725.0)") ==
          doctest::Approx(k0 + k3 / (1 + k3 / k2)).epsilon(1e-13));
  }
  CHECK(v("EP3(2.20e-13,-600.0,1.85e-33,-980.0)") ==
        doctest::Approx(2.2e-13 * std::exp(600.0 / T) + 1.85e-33 * std::exp(980.0 / T) * 1e6 * cf)
            .epsilon(1e-13));
  {
    const double k0 = 2.8e-30 * std::pow(T / 300.0, -3.5) * cf * 1e6;
    const double k1 = 2.0e-12 * std::pow(T / 300.0, 0.2);
    const double lr = std::log10(k0 / k1);
    const double want = k0 / (1 + k0 / k1) * std::pow(0.45, 1.0 / (1.0 + lr * lr));
    CHECK(v("FALL(2.80e-30,0.0e0,-3.50e0,2.00e-12,0.0e0,0.20e0,0.45e0)") ==
          doctest::Approx(want).epsilon(1e-13));
  }
  {
    // WRF-KPP TROE(k0_300K, n, kinf_300K, m, T, M) with Fc = 0.6.
    const double M = 2.5e19;
    const double k0 = 1.8e-31 * std::pow(300.0 / T, 3.2) * M,
                 ki = 4.7e-12 * std::pow(300.0 / T, 1.4);
    const double lr = std::log10(k0 / ki);
    const double want = k0 / (1 + k0 / ki) * std::pow(0.6, 1.0 / (1 + lr * lr));
    CHECK(v("TROE(1.8e-31, 3.2, 4.7e-12, 1.4, TEMP, 2.5e19)") ==
          doctest::Approx(want).epsilon(1e-13));
  }
}

TEST_CASE("chem MCM v3.3.1 library reproduces the reference rate table at 298.15 K") {
  // chemistry.md §5.2 (MCM v3.3.1 expressions evaluated at 298.15 K, 1013.25 hPa, 1 % H2O).
  const std::pair<const char*, double> table[] = {
      {"KMT07", 9.764e-12},  {"KMT08", 9.880e-12},  {"KMT05", 2.284e-13},   {"KMT11", 1.541e-13},
      {"KMT09", 7.495e-13},  {"KMT12", 8.938e-13},  {"KMT03", 1.241e-12},   {"KMT04", 4.541e-2},
      {"KMT10", 6.313e-2},   {"KRO2NO", 9.031e-12}, {"KRO2HO2", 2.278e-11}, {"KAPNO", 1.984e-11},
      {"KAPHO2", 1.392e-11}, {"KFPAN", 8.943e-12},  {"KBPAN", 4.403e-4},    {"KMT13", 5.880e-12},
      {"KMT14", 1.524},      {"KMT15", 7.832e-12},  {"KMT16", 2.854e-11},   {"KMT17", 7.574e-13},
      {"KMT18", 2.199e-12}};
  Mechanism m("lib");
  m.add_species("X", SpeciesKind::variable);
  for (const auto& [name, k] : table) {
    Reaction r;
    r.tag = name;
    r.reactants = {StoichTerm{0, 1}};
    r.rate = m.compile(name, {});
    m.add_reaction(r);
  }
  // The FPPN/FCPPN discrepancy: the library takes the Troe factor (KPP's side).
  Reaction r;
  r.tag = "KBPPN";
  r.reactants = {StoichTerm{0, 1}};
  r.rate = m.compile("KBPPN", {});
  m.add_reaction(r);
  KineticSystem s(m);
  s.set_environment(ref_env());
  const auto k = s.rate_constants();
  for (std::size_t i = 0; i < std::size(table); ++i) {
    INFO(table[i].first);
    CHECK(k[i] == doctest::Approx(table[i].second).epsilon(1.5e-3));
  }
  CHECK(k.back() == doctest::Approx(3.64e-4).epsilon(5e-3));
}

TEST_CASE("chem FACSIMILE CH4 mechanism: reaction rate constants match the reference table") {
  CHEM_REQUIRE_SHARED();
  Mechanism m = read_facsimile(shared_mech("facsimile/mcm_v331_ch4.fac"));
  CHECK(m.reactions().size() == 71);
  CHECK(m.ro2_species().size() == 1);
  KineticSystem s(m);
  s.set_environment(ref_env());
  auto by = chem_test::rates_by_signature(m, s);
  CHECK(by["NO+O3+>NO2+"] == doctest::Approx(1.730e-14).epsilon(1.5e-3));
  CHECK(by["NO2+O3+>NO3+"] == doctest::Approx(3.534e-17).epsilon(1.5e-3));
  CHECK(by["HO2+NO+>NO2+OH+"] == doctest::Approx(8.533e-12).epsilon(1.5e-3));
  CHECK(by["CH4+OH+>CH3O2+"] == doctest::Approx(6.390e-15).epsilon(1.5e-3));
  CHECK(by["HCHO+OH+>CO+HO2+"] == doctest::Approx(8.493e-12).epsilon(1.5e-3));
  CHECK(by["O3+OH+>HO2+"] == doctest::Approx(7.265e-14).epsilon(1.5e-3));
  CHECK(by["HO2+O3+>OH+"] == doctest::Approx(2.017e-15).epsilon(1.5e-3));
  CHECK(by["HO2+HO2+>H2O2+"] == doctest::Approx(4.497e-12).epsilon(1.5e-3));
  CHECK(by["H2O2+OH+>HO2+"] == doctest::Approx(1.696e-12).epsilon(1.5e-3));
  CHECK(by["CH3O2+NO+>CH3O+NO2+"] == doctest::Approx(7.686e-12).epsilon(1.5e-3));
  CHECK(by["CH3O2+HO2+>CH3OOH+"] == doctest::Approx(4.734e-12).epsilon(1.5e-3));
  CHECK(by["O+>O3+"] == doctest::Approx(7.262e4).epsilon(1.5e-3));
  CHECK(by["O1D+>OH+OH+"] == doctest::Approx(5.268e7).epsilon(1.5e-3));
  CHECK(by["O1D+>O+"] == doctest::Approx(8.012e8).epsilon(1.5e-3));
  // AtChem2's file defines KBPPN with the constant FCPPN: the file's definition wins.
  auto i = m.find_coefficient("KBPPN");
  REQUIRE(i);
  CHECK_FALSE(m.coefficients()[*i].builtin);
  CHECK(s.coefficient_values()[*i] == doctest::Approx(1.48e-4).epsilon(5e-3));
  // O(1D) branching to 2 OH at 1 % H2O (reference f = 0.0617).
  CHECK(by["O1D+>OH+OH+"] / (by["O1D+>OH+OH+"] + by["O1D+>O+"]) ==
        doctest::Approx(0.0617).epsilon(2e-3));
}

TEST_CASE("chem the same chemistry from FACSIMILE and KPP gives the same rate constants") {
  CHEM_REQUIRE_SHARED();
  Mechanism fac = read_facsimile(shared_mech("facsimile/mcm_v331_ch4.fac"));
  Mechanism kpp = read_kpp(shared_mech("kpp/mcm_v331_isoprene.eqn"));
  KineticSystem sf(fac), sk(kpp);
  std::vector<double> j(62);
  for (int n = 0; n < 62; ++n) j[n] = 1e-5 * (n + 1);  // distinct values catch index mix-ups
  for (double T : {250.0, 298.15, 310.0}) {
    Environment e = Environment::from(T, 950.0, 60.0);
    sf.set_environment(e);
    sk.set_environment(e);
    sf.set_photolysis(j);
    sk.set_photolysis(j);
    auto a = chem_test::rates_by_signature(fac, sf);
    auto b = chem_test::rates_by_signature(kpp, sk);
    int matched = 0;
    for (const auto& [sig, k] : a) {
      // KPP writes an empty product list as PROD (dropped) and loss to NA/SA is dropped too.
      auto it = b.find(sig);
      if (it == b.end()) continue;
      ++matched;
      INFO(sig << " at T=" << T);
      CHECK(it->second == doctest::Approx(k).epsilon(1e-12));
    }
    CHECK(matched >= 60);
  }
}

TEST_CASE("chem every shipped mechanism file loads") {
  CHEM_REQUIRE_SHARED();
  for (const char* f : {"kpp/mcm_v331_isoprene.eqn", "kpp/saprc99.def", "kpp/saprc99.eqn",
                        "kpp/small_strato.def", "kpp/small_strato.eqn"}) {
    INFO(f);
    CHECK_NOTHROW(read_kpp(shared_mech(f)));
  }
  // A .spc declares species only: alone it is not a mechanism (its .eqn/.def reads it).
  for (const char* f : {"kpp/saprc99.spc", "kpp/small_strato.spc"}) {
    INFO(f);
    CHECK_THROWS_WITH_AS(read_kpp(shared_mech(f)), doctest::Contains("no reactions found"),
                         aqm::ParseError);
  }
  for (const char* f :
       {"facsimile/mcm_v331_ch4.fac", "facsimile/mcm_v331_short_alcohols.fac",
        "facsimile/manufactured_firstorder.fac", "facsimile/manufactured_secondorder.fac",
        "facsimile/manufactured_static.fac"}) {
    INFO(f);
    CHECK_NOTHROW(read_facsimile(shared_mech(f)));
  }
  Mechanism iso = read_kpp(shared_mech("kpp/mcm_v331_isoprene.eqn"));
  CHECK(iso.reactions().size() == 1944);
  CHECK(iso.ro2_species().size() == 117);
  Mechanism sh = read_facsimile(shared_mech("facsimile/mcm_v331_short_alcohols.fac"));
  CHECK(sh.reactions().size() == 324);
  Mechanism sap = read_kpp(shared_mech("kpp/saprc99.def"));
  CHECK(sap.reactions().size() == 211);
  CHECK(sap.species().size() == 79);
  CHECK(sap.cfactor() == 2.4476e13);
  CHECK(sap.species()[sap.species_index("NO")].initial.value() ==
        doctest::Approx(1.0e-1 * 2.4476e13));
}

TEST_CASE("chem sparse structure matches KPP's generated code") {
  CHEM_REQUIRE_SHARED();
  // small_strato: KPP docs list LU_IROW with 19 entries, one of them (J(3,5)) fill-in.
  Mechanism ss = read_kpp(shared_mech("kpp/small_strato.def"));
  MechanismSummary s = ss.summary();
  CHECK(s.n_variable == 5);
  CHECK(s.jacobian_nonzeros == 18);
  CHECK(s.lu_nonzeros == 19);
  CHECK(ss.check_mass_balance({"O", "N"}).empty());  // #CHECK O; N; balances
  CHECK(ss.warnings().size() == 3);                  // three ignored INIT inline blocks
  CHECK(ss.species()[ss.species_index("M")].initial.value() == 8.120e16);

  // MCM isoprene: KPP reports NVAR = 610, NONZERO = 5534, LU_NONZERO = 7123.  KPP drops the one
  // declared species that no equation uses; here it stays (its own diagonal entry).
  Mechanism iso = read_kpp(shared_mech("kpp/mcm_v331_isoprene.eqn"));
  std::vector<char> used(iso.species().size(), 0);
  for (const auto& r : iso.reactions()) {
    for (const auto& t : r.reactants) used[t.species] = 1;
    for (const auto& t : r.products) used[t.species] = 1;
  }
  const long unused = std::count(used.begin(), used.end(), 0);
  CHECK(unused == 1);
  MechanismSummary si = iso.summary();
  CHECK(si.n_variable - unused == 610);
  CHECK(si.jacobian_nonzeros - unused == 5534);
  // Markowitz tie-breaking differs from KPP's; the fill-in must be as small within 1 %.
  CHECK(static_cast<double>(si.lu_nonzeros - unused) <= 7123 * 1.01);
  CHECK(static_cast<double>(si.lu_nonzeros - unused) >= 5534);
}

TEST_CASE("chem KPP features: include, tags, dummies, negative products, RO2, CFACTOR") {
  Mechanism m = read_kpp(test_data("features.kpp"));
  CHECK(m.reactions().size() == 7);
  CHECK(m.reactions()[0].tag == "R1");
  CHECK_FALSE(m.find_species("hv"));
  CHECK_FALSE(m.find_species("PROD"));
  // RO2 sum from the inline code (the species RO2 and HO2); other inline code is a warning.
  CHECK(m.ro2_species().size() == 2);
  bool warned = false;
  for (const auto& w : m.warnings())
    warned = warned || w.find("features.kpp:19:") != std::string::npos;
  CHECK(warned);
  // CFACTOR multiplies initial values.
  CHECK(m.species()[m.species_index("NO2")].initial.value() == 2.0e6);
  CHECK(m.species()[m.species_index("NO")].initial.value() == 0.0);
  KineticSystem s(m);
  const Environment env = Environment::from(298.15);
  s.set_environment(env);
  s.set_sun(0.5);
  // ALL_SPEC = 0 in #INITVALUES also zeroes the fixed species (as in KPP): set them here.
  CHECK(s.fixed()[s.fixed_index("M")] == 0.0);
  s.set_fixed(s.fixed_index("M"), env.m);
  s.set_fixed(s.fixed_index("O2"), env.o2);
  std::vector<double> y(s.n_variable(), 0.0);
  auto set = [&](const char* n, double v) { y[s.variable_index(n)] = v; };
  set("NO2", 1e9);
  set("NO", 2e9);
  set("O3", 3e9);
  set("HO2", 4e7);
  set("NO3", 5e8);
  set("RO2", 6e7);
  set("O3P", 1e3);
  std::vector<double> f(s.n_variable());
  s.fun(y.data(), f.data());
  const double T = 298.15;
  const double r1 = 0.5 * 0.5 * 1e9;
  const double r2 = 5.68e-34 * std::pow(T / 300, -2.8) * 1e3 * env.o2 * env.m;
  const double r3 = 1.4e-12 * std::exp(-1310 / T) * 3e9 * 2e9;
  const double r4 = 2.2e-13 * 4e7 * 4e7;
  const double r5 = 4.5e-14 * std::exp(-1260 / T) * 1e9 * 5e8;
  const double ro2 = 6e7 + 4e7;
  const double r6 = 1e-12 * ro2 * 6e7 * 2e9;
  const double r7 = 2.91e-13 * std::exp(1300 / T) * 4e7 * 6e7;
  // Species on both sides net out (R5: NO2), negative products consume without entering rates.
  CHECK(f[s.variable_index("NO2")] == doctest::Approx(-r1 + r3 + r6).epsilon(1e-12));
  CHECK(f[s.variable_index("NO3")] == doctest::Approx(-r4 - r5).epsilon(1e-12));
  CHECK(f[s.variable_index("H2O2")] == doctest::Approx(r4 + 0.5 * r7).epsilon(1e-12));
  CHECK(f[s.variable_index("O3P")] == doctest::Approx(r1 - r2 + 0.5 * r7).epsilon(1e-12));
  CHECK(f[s.variable_index("HO2")] == doctest::Approx(-2 * r4 - r7).epsilon(1e-12));
  CHECK(f[s.variable_index("NO")] == doctest::Approx(r1 - r3 + r5 - r6).epsilon(1e-12));
}

TEST_CASE("chem mass balance check and bad input give typed errors with locations") {
  Mechanism u = read_kpp(test_data("unbalanced.kpp"));
  auto bad = u.check_mass_balance();
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].find("<bad>") != std::string::npos);
  CHECK(bad[0].find("unbalanced.kpp:6:") != std::string::npos);

  CHECK_THROWS_WITH_AS(read_kpp(test_data("bad_species.eqn")),
                       doctest::Contains("bad_species.eqn:4:9: B: species is not declared"),
                       aqm::ParseError);
  CHECK_THROWS_WITH_AS(read_facsimile(test_data("bad_rate.fac")),
                       doctest::Contains("bad_rate.fac:3:"), aqm::ParseError);
  CHECK_THROWS_WITH_AS(read_facsimile(test_data("bad_name.fac")),
                       doctest::Contains("bad_name.fac:3:3: unknown name 'KNOTDEFINED'"),
                       aqm::ParseError);
  CHECK_THROWS_AS(read_kpp(test_data("no_such_file.kpp")), aqm::FileNotFound);
  CHECK_THROWS_AS(parse_kpp("#DEFVAR\nA = IGNORE;\n#EQUATIONS\n<1> 0.5A = A : 1;\n", "frac"),
                  aqm::ParseError);
  CHECK_THROWS_AS(parse_kpp("#DEFVAR\nA = IGNORE;\n#EQUATIONS\n<1 A = A : 1;\n", "tag"),
                  aqm::ParseError);
  CHECK_THROWS_AS(parse_kpp("#DEFVAR\nA = IGNORE;\nA = IGNORE;\n", "dup"), aqm::ParseError);
  CHECK_THROWS_AS(
      parse_kpp("#DEFVAR\nA = IGNORE;\n#EQUATIONS\n<1> A = - A : 1;\n#INCLUDE nothere.spc\n",
                "inc"),
      aqm::FileNotFound);
  CHECK_THROWS_AS(parse_kpp("{ never closed\n#DEFVAR\nA = IGNORE;\n", "brace"), aqm::ParseError);
  CHECK_THROWS_AS(parse_facsimile("VARIABLE A ;\n% 1.0 : A = B\n", "noterm"), aqm::ParseError);
  CHECK_THROWS_AS(parse_facsimile("K1 = 1 ;\nK1 = 2 ;\n", "twice"), aqm::ParseError);
  // A FACSIMILE species named RO2 with no RO2 list: RO2 in rates is that species.
  Mechanism r = parse_facsimile("% 1e-12*RO2 : RO2 + NO = NO2 ;\n", "ro2species");
  CHECK(r.ro2_species().size() == 1);
  CHECK(r.species()[r.ro2_species()[0]].name == "RO2");
  CHECK_THROWS_AS(r.species_index("XYZ"), aqm::KeyError);
}

TEST_CASE("chem RO2 lists of the MCM exports are peroxy radicals of the MCM table") {
  CHEM_REQUIRE_SHARED();
  std::ifstream in(shared_mech("mcm-tables/peroxy-radicals_v3.3.1.txt"));
  REQUIRE(in);
  std::set<std::string> table;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (!line.empty()) table.insert(line);
  }
  CHECK(table.count("CH3O2") == 1);
  for (const char* f : {"facsimile/mcm_v331_short_alcohols.fac", "facsimile/mcm_v331_ch4.fac"}) {
    Mechanism m = read_facsimile(shared_mech(f));
    INFO(f);
    CHECK(!m.ro2_species().empty());
    for (std::size_t i : m.ro2_species()) CHECK(table.count(m.species()[i].name) == 1);
  }
  Mechanism iso = read_kpp(shared_mech("kpp/mcm_v331_isoprene.eqn"));
  for (std::size_t i : iso.ro2_species()) CHECK(table.count(iso.species()[i].name) == 1);
}

TEST_CASE("chem common subexpressions: hoisted once, read back with the same bits") {
  // CB6's R6 and R17 fall-off expressions (data/mechanisms/cb6_aqm.eqn) repeat their
  // (T/300)^n factors: by hand, R6 has (T/300)^-1.5 three times and (T/300)^0.24 twice, R17
  // (T/300)^-0.8 three times; exp(-1310/T) comes twice (once beside a J, which stays); the
  // nested exp(2 (T/300)^0.24) twice, around an entry that is itself hoisted; exp(RO2/1e9)
  // reads RO2, which changes on its own, and stays.
  const std::vector<std::string> texts = {
      "(1.3e-31*(TEMP/300.0)**(-1.5)*M)/(1.0+((1.3e-31*(TEMP/300.0)**(-1.5)*M)/"
      "(2.3e-11*(TEMP/300.0)**(0.24))))*0.6**(1.0/(1.0+log10((1.3e-31*(TEMP/300.0)**(-1.5)*M)/"
      "(2.3e-11*(TEMP/300.0)**(0.24)))**2))",
      "(6.9e-31*(TEMP/300.0)**(-0.8)*M)/(1.0+((6.9e-31*(TEMP/300.0)**(-0.8)*M)/(2.6e-11)))*"
      "0.5**(1.0/(1.0+(log10((6.9e-31*(TEMP/300.0)**(-0.8)*M)/(2.6e-11))/1.13)**2))",
      "1.4e-12*exp(-1310.0/TEMP)",
      "J(4)*exp(-1310.0/TEMP)",
      "exp(2*(TEMP/300.0)**(0.24)) * 3 * exp(2*(TEMP/300.0)**(0.24))",
      "exp(RO2/1e9) + exp(RO2/1e9)"};
  std::vector<RateExpression> plain, hoisted;
  for (const auto& t : texts) plain.push_back(compile_plain(t));
  hoisted = plain;
  std::vector<RateExpression*> ptrs;
  for (RateExpression& e : hoisted) ptrs.push_back(&e);
  const std::vector<RateExpression> shared = hoist_common_subexpressions(ptrs);
  CHECK(shared.size() == 5);  // (T/300)^-1.5, ^0.24, ^-0.8, exp(-1310/T), exp(2 (T/300)^0.24)
  CHECK(hoisted[0].size() < plain[0].size());
  CHECK(hoisted[5].size() == plain[5].size());
  CHECK(hoisted[3].uses_photolysis());
  const double j[] = {0, 0, 0, 0, 8.1e-3};
  for (double temp : {231.0, 298.15, 318.4}) {
    CAPTURE(temp);
    RateInputs in;
    in[EnvVar::temp] = temp;
    in[EnvVar::m] = 2.1e19;
    in[EnvVar::ro2] = 3.3e8;
    in.j = j;
    in.n_j = 5;
    std::vector<double> values;
    for (const RateExpression& s : shared) {
      in.shared = values.data();  // an entry reads only earlier ones
      values.push_back(s.evaluate(in));
      in.shared = values.data();
    }
    for (std::size_t e = 0; e < texts.size(); ++e) {
      CAPTURE(texts[e]);
      CHECK(hoisted[e].evaluate(in) == plain[e].evaluate(in));
    }
    // R6 against its formula written out (CB6r3's Troe form with F = 0.6, n = 1).
    const double k0 = 1.3e-31 * std::pow(temp / 300.0, -1.5) * 2.1e19;
    const double ki = 2.3e-11 * std::pow(temp / 300.0, 0.24);
    const double lr = std::log10(k0 / ki);
    CHECK(hoisted[0].evaluate(in) ==
          doctest::Approx(k0 / (1.0 + k0 / ki) * std::pow(0.6, 1.0 / (1.0 + lr * lr)))
              .epsilon(1e-13));
  }
}

TEST_CASE("chem rate constants of whole mechanisms keep their bits with hoisted subexpressions") {
  // The independent path: every expression as the mechanism compiled it (nothing hoisted),
  // coefficients in file order, at the inputs KineticSystem uses.
  std::vector<std::string> paths = {std::string(AQM_TEST_DATA_DIR) +
                                    "/../../data/mechanisms/cb6_aqm.def"};
  if (chem_test::have_shared()) {
    paths.push_back(shared_mech("kpp/mcm_v331_isoprene.eqn"));
    paths.push_back(shared_mech("facsimile/mcm_v331_ch4.fac"));
  }
  for (const std::string& path : paths) {
    CAPTURE(path);
    const bool fac = path.size() > 4 && path.substr(path.size() - 4) == ".fac";
    const Mechanism m = fac ? read_facsimile(path) : read_kpp(path);
    KineticSystem s(m);
    std::vector<double> j(62);
    for (std::size_t q = 0; q < j.size(); ++q) j[q] = 1e-5 * static_cast<double>(q + 1);
    s.set_photolysis(j);
    for (double temp : {255.0, 298.15, 312.7}) {
      CAPTURE(temp);
      const Environment env = Environment::from(temp, 990.0, 60.0);
      s.set_environment(env);
      const std::vector<double> k = s.rate_constants();
      RateInputs in;
      in[EnvVar::temp] = env.temp;
      in[EnvVar::m] = env.m;
      in[EnvVar::o2] = env.o2;
      in[EnvVar::n2] = env.n2;
      in[EnvVar::h2o] = env.h2o;
      in[EnvVar::ro2] = 0.0;
      in[EnvVar::sun] = 1.0;
      in[EnvVar::cfactor] = m.cfactor();
      in.j = j.data();
      in.n_j = j.size();
      std::vector<double> coef(m.coefficients().size());
      in.coef = coef.data();
      for (std::size_t i = 0; i < coef.size(); ++i) coef[i] = m.coefficients()[i].expr.evaluate(in);
      int differ = 0;
      for (std::size_t r = 0; r < k.size(); ++r) {
        const RateExpression& e = m.reactions()[r].rate;
        const double want = e.ro2_factor_code() ? e.ro2_factor().evaluate(in) : e.evaluate(in);
        differ += k[r] == want ? 0 : 1;
      }
      CHECK(differ == 0);
    }
  }
}
