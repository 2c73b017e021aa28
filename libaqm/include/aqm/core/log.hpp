#pragma once
// C++ never prints.  Messages go to one process-wide sink, a no-op until a host installs one
// (the Python package forwards them to logging.getLogger("aqm")).

#include <functional>
#include <string>
#include <string_view>

namespace aqm {

enum class LogLevel { debug = 10, info = 20, warning = 30, error = 40 };

using LogSink = std::function<void(LogLevel, std::string_view)>;

/// Install the sink (an empty function restores the no-op).  Thread-safe.
void set_log_sink(LogSink sink);

/// Send one message to the sink.  Safe to call from any thread; calls are serialised.
void log(LogLevel level, std::string_view message);

inline void log_warning(std::string_view message) { log(LogLevel::warning, message); }
inline void log_info(std::string_view message) { log(LogLevel::info, message); }
inline void log_debug(std::string_view message) { log(LogLevel::debug, message); }

}  // namespace aqm
