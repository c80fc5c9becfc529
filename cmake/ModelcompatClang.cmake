# Finds the Clang/LLVM the analyzer is built against: one of the supported
# major versions (14 to 19), chosen with -DMODELCOMPAT_LLVM_VERSION=N. Left
# empty, a build directory keeps the Clang it was configured with, and a new
# one takes the newest installed (Debian's /usr/lib/llvm-N), else 14.
#
# Sets MODELCOMPAT_CLANG_RESOURCE_DIR: that Clang's own builtin headers
# (stddef.h, ...). They must come from the same Clang as the libraries: the
# headers of another version do not parse (or parse differently).

set(MODELCOMPAT_SUPPORTED_LLVM_VERSIONS 19 18 17 16 15 14)
set(MODELCOMPAT_LLVM_VERSION "" CACHE STRING
  "Major version of the Clang/LLVM the analyzer links (14-19; empty: the newest installed)")

# The version a build directory was configured with, if any.
set(modelcompat_configured_version "")
if(LLVM_DIR AND EXISTS "${LLVM_DIR}/LLVMConfigVersion.cmake")
  include("${LLVM_DIR}/LLVMConfigVersion.cmake")
  string(REGEX MATCH "^[0-9]+" modelcompat_configured_version "${PACKAGE_VERSION}")
endif()

set(modelcompat_llvm_version "${MODELCOMPAT_LLVM_VERSION}")
if(NOT modelcompat_llvm_version AND modelcompat_configured_version)
  # Keep that Clang rather than switch the directory to one installed since.
  set(modelcompat_llvm_version ${modelcompat_configured_version})
elseif(NOT modelcompat_llvm_version)
  set(modelcompat_llvm_version 14)
  foreach(version ${MODELCOMPAT_SUPPORTED_LLVM_VERSIONS})
    if(EXISTS "/usr/lib/llvm-${version}/lib/cmake/clang/ClangConfig.cmake")
      set(modelcompat_llvm_version ${version})
      break()
    endif()
  endforeach()
endif()
if(NOT modelcompat_llvm_version IN_LIST MODELCOMPAT_SUPPORTED_LLVM_VERSIONS)
  message(FATAL_ERROR "MODELCOMPAT_LLVM_VERSION=${modelcompat_llvm_version}: "
    "the analyzer supports Clang 14 to 19")
endif()
# A directory switched to another version forgets the old one's paths.
if(modelcompat_configured_version AND
   NOT modelcompat_configured_version EQUAL modelcompat_llvm_version)
  unset(Clang_DIR CACHE)
  unset(LLVM_DIR CACHE)
endif()
find_package(Clang CONFIG REQUIRED
  HINTS "/usr/lib/llvm-${modelcompat_llvm_version}/lib/cmake/clang")

if(NOT LLVM_VERSION_MAJOR EQUAL modelcompat_llvm_version)
  message(FATAL_ERROR "asked for Clang ${modelcompat_llvm_version}, found "
    "${LLVM_PACKAGE_VERSION} (${Clang_DIR}); set Clang_DIR to Clang "
    "${modelcompat_llvm_version}'s lib/cmake/clang")
endif()

# Clang 14/15 install the builtin headers under lib/clang/<full version>,
# 16 and later under lib/clang/<major>. Otherwise ask this Clang's own driver
# (never another clang on PATH).
set(MODELCOMPAT_CLANG_RESOURCE_DIR "")
foreach(candidate "${LLVM_LIBRARY_DIR}/clang/${LLVM_PACKAGE_VERSION}"
                  "${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}")
  if(NOT MODELCOMPAT_CLANG_RESOURCE_DIR AND EXISTS "${candidate}/include/stddef.h")
    set(MODELCOMPAT_CLANG_RESOURCE_DIR "${candidate}")
  endif()
endforeach()
if(NOT MODELCOMPAT_CLANG_RESOURCE_DIR AND EXISTS "${LLVM_TOOLS_BINARY_DIR}/clang")
  execute_process(COMMAND "${LLVM_TOOLS_BINARY_DIR}/clang" -print-resource-dir
    OUTPUT_VARIABLE MODELCOMPAT_CLANG_RESOURCE_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
if(NOT EXISTS "${MODELCOMPAT_CLANG_RESOURCE_DIR}/include/stddef.h")
  message(FATAL_ERROR "Clang ${LLVM_PACKAGE_VERSION}'s builtin headers are missing "
    "(no stddef.h under ${LLVM_LIBRARY_DIR}/clang): install clang-${LLVM_VERSION_MAJOR}")
endif()
message(STATUS "modelcompat analyzer: Clang ${LLVM_PACKAGE_VERSION} (${LLVM_LIBRARY_DIR}), "
  "builtin headers ${MODELCOMPAT_CLANG_RESOURCE_DIR}")
