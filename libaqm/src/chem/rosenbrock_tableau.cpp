#include "aqm/chem/detail/rosenbrock_tableau.hpp"

#include <algorithm>
#include <cmath>

namespace aqm::chem::detail {

// Coefficients as in KPP int/rosenbrock.f90 (A and C strictly lower triangular, row-wise).
Tableau tableau(RosenbrockMethod method) {
  Tableau t;
  switch (method) {
    case RosenbrockMethod::ros2: {
      const double g = 1.0 + 1.0 / std::sqrt(2.0);
      t.s = 2;
      t.a[0] = 1.0 / g;
      t.c[0] = -2.0 / g;
      t.newf[0] = t.newf[1] = true;
      t.m[0] = 3.0 / (2.0 * g);
      t.m[1] = 1.0 / (2.0 * g);
      t.e[0] = 1.0 / (2.0 * g);
      t.e[1] = 1.0 / (2.0 * g);
      t.elo = 2.0;
      t.alpha[0] = 0.0;
      t.alpha[1] = 1.0;
      t.gamma[0] = g;
      t.gamma[1] = -g;
      break;
    }
    case RosenbrockMethod::ros3: {
      t.s = 3;
      const double a[] = {1.0, 1.0, 0.0};
      const double c[] = {-0.10156171083877702091975600115545e+01,
                          0.40759956452537699824805835358067e+01,
                          0.92076794298330791242156818474003e+01};
      std::copy(a, a + 3, t.a);
      std::copy(c, c + 3, t.c);
      t.newf[0] = t.newf[1] = true;
      t.newf[2] = false;
      t.m[0] = 1.0;
      t.m[1] = 0.61697947043828245592553615689730e+01;
      t.m[2] = -0.42772256543218573326238373806514;
      t.e[0] = 0.5;
      t.e[1] = -0.29079558716805469821718236208017e+01;
      t.e[2] = 0.22354069897811569627360909276199;
      t.elo = 3.0;
      t.alpha[0] = 0.0;
      t.alpha[1] = t.alpha[2] = 0.43586652150845899941601945119356;
      t.gamma[0] = 0.43586652150845899941601945119356;
      t.gamma[1] = 0.24291996454816804366592249683314;
      t.gamma[2] = 0.21851380027664058511513169485832e+01;
      break;
    }
    case RosenbrockMethod::ros4: {
      t.s = 4;
      const double a[] = {
          2.0, 1.867943637803922, 0.2344449711399156, 1.867943637803922, 0.2344449711399156, 0.0};
      const double c[] = {-7.137615036412310, 2.580708087951457,   0.6515950076447975,
                          -2.137148994382534, -0.3214669691237626, -0.6949742501781779};
      std::copy(a, a + 6, t.a);
      std::copy(c, c + 6, t.c);
      t.newf[0] = t.newf[1] = t.newf[2] = true;
      t.newf[3] = false;
      const double m[] = {2.255570073418735, 0.2870493262186792, 0.4353179431840180,
                          1.093502252409163};
      const double e[] = {-0.2815431932141155, -0.07276199124938920, -0.1082196201495311,
                          -1.093502252409163};
      std::copy(m, m + 4, t.m);
      std::copy(e, e + 4, t.e);
      t.elo = 4.0;
      const double al[] = {0.0, 1.14564, 0.65521686381559, 0.65521686381559};
      const double ga[] = {0.57282, -1.769193891319233, 0.7592633437920482, -0.1049021087100450};
      std::copy(al, al + 4, t.alpha);
      std::copy(ga, ga + 4, t.gamma);
      break;
    }
    case RosenbrockMethod::rodas3: {
      t.s = 4;
      const double a[] = {0.0, 2.0, 0.0, 2.0, 0.0, 1.0};
      const double c[] = {4.0, 1.0, -1.0, 1.0, -1.0, -8.0 / 3.0};
      std::copy(a, a + 6, t.a);
      std::copy(c, c + 6, t.c);
      t.newf[0] = true;
      t.newf[1] = false;
      t.newf[2] = t.newf[3] = true;
      const double m[] = {2.0, 0.0, 1.0, 1.0};
      const double e[] = {0.0, 0.0, 0.0, 1.0};
      std::copy(m, m + 4, t.m);
      std::copy(e, e + 4, t.e);
      t.elo = 3.0;
      const double al[] = {0.0, 0.0, 1.0, 1.0};
      const double ga[] = {0.5, 1.5, 0.0, 0.0};
      std::copy(al, al + 4, t.alpha);
      std::copy(ga, ga + 4, t.gamma);
      break;
    }
    case RosenbrockMethod::rodas4: {
      t.s = 6;
      const double al[] = {0.0, 0.386, 0.210, 0.630, 1.0, 1.0};
      const double ga[] = {0.25, -0.1043, 0.1035, -0.3620000000000023e-01, 0.0, 0.0};
      std::copy(al, al + 6, t.alpha);
      std::copy(ga, ga + 6, t.gamma);
      const double a[] = {0.1544000000000000e+01, 0.9466785280815826,     0.2557011698983284,
                          0.3314825187068521e+01, 0.2896124015972201e+01, 0.9986419139977817,
                          0.1221224509226641e+01, 0.6019134481288629e+01, 0.1253708332932087e+02,
                          -0.6878860361058950,    0.1221224509226641e+01, 0.6019134481288629e+01,
                          0.1253708332932087e+02, -0.6878860361058950,    1.0};
      const double c[] = {
          -0.5668800000000000e+01, -0.2430093356833875e+01, -0.2063599157091915,
          -0.1073529058151375,     -0.9594562251023355e+01, -0.2047028614809616e+02,
          0.7496443313967647e+01,  -0.1024680431464352e+02, -0.3399990352819905e+02,
          0.1170890893206160e+02,  0.8083246795921522e+01,  -0.7981132988064893e+01,
          -0.3152159432874371e+02, 0.1631930543123136e+02,  -0.6058818238834054e+01};
      std::copy(a, a + 15, t.a);
      std::copy(c, c + 15, t.c);
      const double m[] = {a[6], a[7], a[8], a[9], 1.0, 1.0};
      const double e[] = {0, 0, 0, 0, 0, 1.0};
      std::copy(m, m + 6, t.m);
      std::copy(e, e + 6, t.e);
      for (bool& b : t.newf) b = true;
      t.elo = 4.0;
      break;
    }
  }
  return t;
}

}  // namespace aqm::chem::detail
