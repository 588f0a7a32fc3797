# libFuzzer targets (STYLE.md: a fuzz target for every parser). With FBAFLOW_FUZZ=ON (clang only)
# everything is built with coverage instrumentation, AddressSanitizer and UBSan, and every
# core/**/*_fuzz.cc becomes an executable of the same name linked with libFuzzer and the core.
# Run one with e.g.: build/fuzz/reader_fuzz -max_total_time=300 CORPUS_DIR
option(FBAFLOW_FUZZ "Build the libFuzzer targets (clang only)" OFF)

if(FBAFLOW_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FBAFLOW_FUZZ needs clang++ (libFuzzer); use the 'fuzz' preset")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)

  function(fbaflow_fuzz_targets)
    file(GLOB_RECURSE fuzzers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/core/*_fuzz.cc)
    foreach(src IN LISTS fuzzers)
      get_filename_component(name ${src} NAME_WE)
      add_executable(${name} ${src})
      target_link_libraries(${name} PRIVATE fbaflow_core fbaflow_warnings)
      target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    endforeach()
  endfunction()
  # After the whole tree is configured, when fbaflow_core exists.
  cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL fbaflow_fuzz_targets)
endif()
