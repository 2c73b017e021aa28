#pragma once
// An Eigen matrix whose rows (samples, dates) and columns (species) carry names and units.
// Missing values are NaN; every reader and writer in aqm::io keeps that convention.

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "aqm/core/error.hpp"

namespace aqm {

class LabelledMatrix {
 public:
  LabelledMatrix() = default;

  /// Labels default to "0", "1", ... and units to "" when not given.
  explicit LabelledMatrix(Eigen::MatrixXd values, std::vector<std::string> row_labels = {},
                          std::vector<std::string> column_labels = {},
                          std::vector<std::string> column_units = {})
      : values_(std::move(values)),
        row_labels_(std::move(row_labels)),
        column_labels_(std::move(column_labels)),
        column_units_(std::move(column_units)) {
    if (row_labels_.empty()) row_labels_ = numbered(values_.rows());
    if (column_labels_.empty()) column_labels_ = numbered(values_.cols());
    if (column_units_.empty()) column_units_.assign(values_.cols(), "");
    validate();
  }

  Eigen::Index rows() const { return values_.rows(); }
  Eigen::Index cols() const { return values_.cols(); }
  const Eigen::MatrixXd& values() const { return values_; }
  Eigen::MatrixXd& values() { return values_; }
  const std::vector<std::string>& row_labels() const { return row_labels_; }
  const std::vector<std::string>& column_labels() const { return column_labels_; }
  const std::vector<std::string>& column_units() const { return column_units_; }

  /// Name of the row and column dimensions (used as NetCDF dimension names).
  std::string row_dim = "sample";
  std::string col_dim = "species";

  /// Units shared by every column ("" when columns differ or none are set).
  std::string common_units() const {
    if (column_units_.empty()) return "";
    for (const auto& u : column_units_)
      if (u != column_units_.front()) return "";
    return column_units_.front();
  }
  void set_units(const std::string& units) { column_units_.assign(values_.cols(), units); }
  void set_column_units(std::vector<std::string> units) {
    column_units_ = std::move(units);
    validate();
  }

  /// Index of a column by label; throws aqm::KeyError naming the label.
  Eigen::Index column_index(const std::string& label) const {
    for (std::size_t j = 0; j < column_labels_.size(); ++j)
      if (column_labels_[j] == label) return static_cast<Eigen::Index>(j);
    throw KeyError(argument(label), "no such column");
  }

  /// Index of a row by label; throws aqm::KeyError naming the label.
  Eigen::Index row_index(const std::string& label) const {
    for (std::size_t i = 0; i < row_labels_.size(); ++i)
      if (row_labels_[i] == label) return static_cast<Eigen::Index>(i);
    throw KeyError(argument(label), "no such row");
  }

  /// Number of missing (NaN) entries.
  Eigen::Index missing_count() const { return values_.array().isNaN().count(); }

 private:
  static std::vector<std::string> numbered(Eigen::Index n) {
    std::vector<std::string> labels;
    labels.reserve(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) labels.push_back(std::to_string(i));
    return labels;
  }

  void validate() const {
    if (static_cast<Eigen::Index>(row_labels_.size()) != values_.rows())
      throw InvalidArgument("row labels: " + std::to_string(row_labels_.size()) + " labels for " +
                            std::to_string(values_.rows()) + " rows");
    if (static_cast<Eigen::Index>(column_labels_.size()) != values_.cols())
      throw InvalidArgument("column labels: " + std::to_string(column_labels_.size()) +
                            " labels for " + std::to_string(values_.cols()) + " columns");
    if (static_cast<Eigen::Index>(column_units_.size()) != values_.cols())
      throw InvalidArgument("column units: " + std::to_string(column_units_.size()) +
                            " units for " + std::to_string(values_.cols()) + " columns");
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t j = 0; j < column_labels_.size(); ++j) {
      auto [it, fresh] = seen.emplace(column_labels_[j], j);
      if (!fresh)
        throw InvalidArgument(argument(column_labels_[j]),
                              "duplicate column label (columns " + std::to_string(it->second + 1) +
                                  " and " + std::to_string(j + 1) + ")");
    }
  }

  Eigen::MatrixXd values_;
  std::vector<std::string> row_labels_;
  std::vector<std::string> column_labels_;
  std::vector<std::string> column_units_;
};

}  // namespace aqm
