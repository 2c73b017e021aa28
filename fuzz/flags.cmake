# Compile flags for a fuzzing build: libFuzzer coverage, AddressSanitizer and
# UndefinedBehaviorSanitizer on every translation unit of the library and the targets.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "AQM_FUZZ needs clang (libFuzzer): configure with "
                      "-DCMAKE_CXX_COMPILER=clang++")
endif()
# float-divide-by-zero is left to scripts/sanitize.sh: a rate such as 1.0/0.0 is user input
# whose IEEE result the library reports by reaction, not a defect of the parser.
set(aqm_fuzz_sanitizers address,undefined)
add_compile_options(-g -O1 -fno-omit-frame-pointer
                    -fsanitize=fuzzer-no-link,${aqm_fuzz_sanitizers}
                    -fno-sanitize-recover=undefined)
add_link_options(-fsanitize=${aqm_fuzz_sanitizers})
