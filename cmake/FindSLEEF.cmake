# SPDX-License-Identifier: MIT
# FindSLEEF: SLEEF's header and library (Debian's libsleef-dev ships neither
# a CMake package nor a static archive), as the imported target SLEEF::sleef.
# Used by vact's own build and, installed beside vactConfig.cmake, by
# find_package(vact) through find_dependency(SLEEF): so that neither the
# build nor the package hard-codes where SLEEF lies.
#   SLEEF_ROOT / CMAKE_PREFIX_PATH  where to look first
#   SLEEF_FOUND, SLEEF_INCLUDE_DIR, SLEEF_LIBRARY, SLEEF::sleef
find_path(SLEEF_INCLUDE_DIR sleef.h)
find_library(SLEEF_LIBRARY sleef)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(SLEEF REQUIRED_VARS SLEEF_LIBRARY SLEEF_INCLUDE_DIR)
if(SLEEF_FOUND AND NOT TARGET SLEEF::sleef)
  add_library(SLEEF::sleef UNKNOWN IMPORTED)
  set_target_properties(SLEEF::sleef PROPERTIES IMPORTED_LOCATION "${SLEEF_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${SLEEF_INCLUDE_DIR}")
endif()
mark_as_advanced(SLEEF_INCLUDE_DIR SLEEF_LIBRARY)
