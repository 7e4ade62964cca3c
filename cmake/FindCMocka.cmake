# SPDX-License-Identifier: MIT
# FindCMocka: cmocka's header and library as CMocka::cmocka (Debian's
# libcmocka-dev has no CMake package of its own).
#   CMocka_FOUND, CMOCKA_INCLUDE_DIR, CMOCKA_LIBRARY, CMocka::cmocka
find_path(CMOCKA_INCLUDE_DIR cmocka.h)
find_library(CMOCKA_LIBRARY cmocka)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CMocka REQUIRED_VARS CMOCKA_LIBRARY CMOCKA_INCLUDE_DIR)
if(CMocka_FOUND AND NOT TARGET CMocka::cmocka)
  add_library(CMocka::cmocka UNKNOWN IMPORTED)
  set_target_properties(CMocka::cmocka PROPERTIES IMPORTED_LOCATION "${CMOCKA_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${CMOCKA_INCLUDE_DIR}")
endif()
mark_as_advanced(CMOCKA_INCLUDE_DIR CMOCKA_LIBRARY)
