# Fuzz targets (STYLE.md: a fuzz target for every parser). Every core/**/*_fuzz.cc and
# adapters/**/*_fuzz.cc defines LLVMFuzzerTestOneInput and has a checked-in corpus in
# fuzz/corpus/<name>/ (fuzz/README.md).
#  - FBAFLOW_FUZZ=ON (clang only, the `fuzz` preset, `make fuzz`): each becomes a libFuzzer
#    executable of the same name, built with coverage instrumentation, AddressSanitizer and UBSan.
#    `fuzz_all` builds them all.
#  - FBAFLOW_TESTS=ON (any compiler): each becomes <name>_replay, which runs the target over its
#    corpus once, as a CTest test, so every input that once crashed stays a regression test.
option(FBAFLOW_FUZZ "Build the libFuzzer targets (clang only)" OFF)

if(FBAFLOW_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FBAFLOW_FUZZ needs clang++ (libFuzzer); use the 'fuzz' preset")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# The library each fuzz target links: the layer its source lives in.
function(fbaflow_fuzz_library src out)
  if(src MATCHES "^${PROJECT_SOURCE_DIR}/adapters/")
    set(${out} fbaflow_adapters PARENT_SCOPE)
  else()
    set(${out} fbaflow_core PARENT_SCOPE)
  endif()
endfunction()

function(fbaflow_fuzz_targets)
  file(GLOB_RECURSE fuzzers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/core/*_fuzz.cc
       ${PROJECT_SOURCE_DIR}/adapters/*_fuzz.cc)
  if(FBAFLOW_FUZZ)
    add_custom_target(fuzz_all)
  endif()
  foreach(src IN LISTS fuzzers)
    get_filename_component(name ${src} NAME_WE)
    fbaflow_fuzz_library(${src} lib)
    if(FBAFLOW_FUZZ)
      add_executable(${name} ${src})
      target_link_libraries(${name} PRIVATE ${lib} fbaflow_warnings)
      target_link_options(${name} PRIVATE -fsanitize=fuzzer)
      add_dependencies(fuzz_all ${name})
    endif()
    if(FBAFLOW_TESTS)
      add_executable(${name}_replay ${src} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
      target_link_libraries(${name}_replay PRIVATE ${lib} fbaflow_warnings)
      add_test(NAME ${name}_corpus
               COMMAND ${name}_replay ${PROJECT_SOURCE_DIR}/fuzz/corpus/${name})
      set_tests_properties(${name}_corpus PROPERTIES TIMEOUT 300)
    endif()
  endforeach()
endfunction()
# After the whole tree is configured, when the libraries exist.
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL fbaflow_fuzz_targets)
