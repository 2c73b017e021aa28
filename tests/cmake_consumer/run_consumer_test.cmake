# ctest driver: install the build tree to a temporary prefix, then configure, build and run the
# consumer against it (find_package), and once more with add_subdirectory.
file(REMOVE_RECURSE ${AQM_WORK_DIR})
set(prefix ${AQM_WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()

run(${CMAKE_COMMAND} --install ${AQM_BUILD_DIR} --prefix ${prefix} --component dev)

# "core-only": NetCDF and HDF5 hidden from find_package, as on a machine without them; linking
# aqm::aqm alone must still configure, build and run.
foreach(mode package core-only subdirectory)
  set(build ${AQM_WORK_DIR}/build-${mode})
  set(extra "")
  if(DEFINED ENV{CMAKE_CXX_COMPILER_LAUNCHER})
    list(APPEND extra -DCMAKE_CXX_COMPILER_LAUNCHER=$ENV{CMAKE_CXX_COMPILER_LAUNCHER})
  endif()
  if(mode STREQUAL "core-only")
    list(APPEND extra -DCMAKE_DISABLE_FIND_PACKAGE_netCDF=ON -DCMAKE_DISABLE_FIND_PACKAGE_HDF5=ON)
  endif()
  run(${CMAKE_COMMAND} -S ${AQM_CONSUMER_SOURCE} -B ${build} -G ${AQM_GENERATOR}
      -DCMAKE_BUILD_TYPE=${AQM_BUILD_TYPE} -DCMAKE_PREFIX_PATH=${prefix}
      -DAQM_CONSUMER_MODE=${mode} -DAQM_SOURCE_DIR=${AQM_CONSUMER_SOURCE}/../.. ${extra})
  run(${CMAKE_COMMAND} --build ${build} --parallel 2)
  execute_process(COMMAND ${build}/consumer WORKING_DIRECTORY ${build} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer (${mode}) exited ${rc}\n${out}\n${err}")
  endif()
  message(STATUS "${mode}: ${out}")
endforeach()

# Asking for the netcdf component on such a machine is an error at configure time.
execute_process(COMMAND ${CMAKE_COMMAND} -S ${AQM_CONSUMER_SOURCE}
                  -B ${AQM_WORK_DIR}/build-require-netcdf -G ${AQM_GENERATOR}
                  -DCMAKE_PREFIX_PATH=${prefix} -DAQM_CONSUMER_MODE=package
                  -DAQM_CONSUMER_COMPONENTS=netcdf -DCMAKE_DISABLE_FIND_PACKAGE_netCDF=ON
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "netCDF")
  message(FATAL_ERROR "COMPONENTS netcdf without NetCDF-C configured (${rc}): ${err}")
endif()
