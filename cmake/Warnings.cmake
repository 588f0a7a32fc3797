# One warnings list for every target of the project (STYLE.md: -Wall -Wextra -Werror from one place).
add_library(fbaflow_warnings INTERFACE)
target_compile_options(fbaflow_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wconversion -Wsign-conversion -Wnull-dereference -Wdouble-promotion -Wformat=2
  -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12 reports false positives in libstdc++ headers for these under -O2.
  target_compile_options(fbaflow_warnings INTERFACE -Wno-maybe-uninitialized
                         -Wno-stringop-overflow -Wno-array-bounds -Wno-restrict)
endif()

if(FBAFLOW_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
