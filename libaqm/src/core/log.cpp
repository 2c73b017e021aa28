#include "aqm/core/log.hpp"

#include <memory>
#include <mutex>

namespace aqm {
namespace {
std::mutex& sink_mutex() {
  static std::mutex m;
  return m;
}
LogSink& sink_slot() {
  static LogSink sink;
  return sink;
}
}  // namespace

void set_log_sink(LogSink sink) {
  std::lock_guard<std::mutex> lock(sink_mutex());
  sink_slot() = std::move(sink);
}

void log(LogLevel level, std::string_view message) {
  std::lock_guard<std::mutex> lock(sink_mutex());
  if (sink_slot()) sink_slot()(level, message);
}

}  // namespace aqm
