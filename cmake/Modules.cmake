# fbaflow_module(NAME DIR [DEPS ...]): a static library from DIR's *.cc (tests, fuzz targets and
# *_main.cc excluded) plus, when tests are on, one test binary NAME_tests from DIR's *_test.cc.
# Sources are globbed so that adding a file never means editing a shared list.
function(fbaflow_module name)
  cmake_parse_arguments(M "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER srcs EXCLUDE REGEX "(_test|_fuzz|_main)\\.cc$")
  file(GLOB_RECURSE tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  if(srcs)
    add_library(${name} STATIC ${srcs})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${M_DEPS} PRIVATE fbaflow_warnings)
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} INTERFACE ${M_DEPS})
  endif()
  if(FBAFLOW_TESTS AND tests)
    add_executable(${name}_tests ${tests})
    target_link_libraries(${name}_tests PRIVATE ${name} ${M_TEST_DEPS} GTest::gmock GTest::gtest_main
                          fbaflow_warnings)
    target_compile_definitions(${name}_tests PRIVATE
      FBAFLOW_SAMPLES_DIR="${FBAFLOW_SAMPLES_DIR}"
      FBAFLOW_SHARED_DIR="${FBAFLOW_SHARED_DIR}"
      FBAFLOW_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      FBAFLOW_BINARY_DIR="${PROJECT_BINARY_DIR}")
    # gtest and gmock are in every test source: parse them once per test binary.
    target_precompile_headers(${name}_tests PRIVATE <gmock/gmock.h> <gtest/gtest.h>)
    gtest_discover_tests(${name}_tests DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
  endif()
endfunction()
