"""``aqm.pmf.PMF`` is a scikit-learn estimator: sklearn's own conformance checks run on it.

Checks that cannot apply to PMF are listed below with the reason; they run as strict xfails,
so a check that starts passing (or an exemption that is no longer needed) fails this file.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from aqm.pmf import PMF, Dataset
from aqm.pmf import simulate as pmf_simulate

pytestmark = pytest.mark.filterwarnings("ignore::aqm.pmf.estimator.PMFWarning")

# Every exemption and why it cannot apply to PMF.  The first reason covers every check that
# fits: sklearn calls fit(X) or fit(X, y) with a 1-D target, and PMF weights each element by
# its uncertainty (the second argument U), which cannot be made up without being wrong.
NEEDS_U = (
    "PMF needs the uncertainty matrix U (same shape as X) as fit's second argument; "
    "sklearn passes none or a 1-D target y"
)
NO_NEW_DATA = (
    "PMF has no out-of-sample transform (a new sample is fitted with the rest, as in "
    "PMF 5.0), so transform(X) on new data raises NotImplementedError"
)
TOO_SMALL = "p = 2 factors must be fewer than min(samples, species), which this data is not"
EXEMPT: dict[str, str] = {
    "check_fit_score_takes_y": "fit's second argument is U, not y (" + NEEDS_U + ")",
    "check_estimators_overwrite_params": NEEDS_U,
    "check_dont_overwrite_parameters": NEEDS_U,
    "check_estimators_fit_returns_self": NEEDS_U,
    "check_readonly_memmap_input": NEEDS_U,
    "check_n_features_in_after_fitting": NEEDS_U + "; " + NO_NEW_DATA,
    "check_positive_only_tag_during_fit": NEEDS_U,
    "check_estimators_dtypes": NEEDS_U + "; " + NO_NEW_DATA,
    "check_complex_data": NEEDS_U,
    "check_dtype_object": NEEDS_U,
    "check_estimators_empty_data_messages": NEEDS_U,
    "check_pipeline_consistency": NEEDS_U,
    "check_estimator_sparse_tag": NEEDS_U,
    "check_estimator_sparse_array": NEEDS_U,
    "check_estimator_sparse_matrix": NEEDS_U,
    "check_estimators_pickle": NEEDS_U + "; " + NO_NEW_DATA,
    "check_estimators_pickle(readonly_memmap=True)": NEEDS_U + "; " + NO_NEW_DATA,
    "check_f_contiguous_array_estimator": NEEDS_U + "; " + NO_NEW_DATA,
    "check_transformer_data_not_an_array": NEEDS_U + "; " + NO_NEW_DATA,
    "check_transformer_general": NEEDS_U + "; " + NO_NEW_DATA,
    "check_transformer_general(readonly_memmap=True)": NEEDS_U + "; " + NO_NEW_DATA,
    "check_transformer_preserve_dtypes": NEEDS_U + "; " + NO_NEW_DATA,
    "check_transformer_n_iter": NEEDS_U,
    "check_methods_sample_order_invariance": NEEDS_U + "; " + NO_NEW_DATA,
    "check_methods_subset_invariance": NEEDS_U + "; " + NO_NEW_DATA,
    "check_fit2d_1sample": NEEDS_U + "; " + TOO_SMALL,
    "check_fit2d_1feature": NEEDS_U + "; " + TOO_SMALL,
    "check_dict_unchanged": NEEDS_U + "; " + NO_NEW_DATA,
    "check_fit_idempotent": NEEDS_U + "; " + NO_NEW_DATA,
    "check_fit_check_is_fitted": NEEDS_U,
    "check_n_features_in": NEEDS_U,
    "check_fit2d_predict1d": NEEDS_U + "; " + NO_NEW_DATA,
}


def _exempt(estimator: PMF) -> dict[str, str]:
    return EXEMPT


@parametrize_with_checks(
    [PMF(n_components=2, n_runs=2, random_state=0, n_threads=1)], expected_failed_checks=_exempt
)
def test_sklearn_check(estimator, check):
    check(estimator)


def test_clone_keeps_parameters_and_drops_the_fit():
    data = pmf_simulate(n_samples=60, seed=5)
    model = PMF(n_components=3, n_runs=2, random_state=1, n_threads=1).fit(data.conc, data.unc)
    twin = clone(model)
    assert twin.get_params() == model.get_params()
    assert not hasattr(twin, "components_")
    # A refit of the clone from the same seed is the same fit.
    twin.fit(data.conc, data.unc)
    np.testing.assert_array_equal(twin.components_, model.components_)


def test_fit_accepts_a_dataset_and_arrays_alike():
    data = pmf_simulate(n_samples=60, seed=6)
    from_arrays = PMF(n_components=3, n_runs=2, random_state=2).fit(data.conc, data.unc)
    from_dataset = PMF(n_components=3, n_runs=2, random_state=2).fit(Dataset(data.conc, data.unc))
    np.testing.assert_array_equal(from_arrays.components_, from_dataset.components_)
    assert list(from_dataset.feature_names_in_) == list(data.conc.columns)


def test_constructor_stores_parameters_without_validating_them():
    # sklearn: no logic in __init__; the bad value is reported by fit, naming the parameter.
    model = PMF(n_components=-1)
    assert model.n_components == -1
    data = pmf_simulate(n_samples=30, seed=7)
    with pytest.raises(ValueError, match="n_components"):
        model.fit(data.conc, data.unc)


def test_set_params_rejects_an_unknown_parameter():
    with pytest.raises(ValueError, match="n_factors"):
        PMF().set_params(n_factors=3)
