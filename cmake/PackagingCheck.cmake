# Run by cpack: a package of a build configured for another prefix would
# look for its profiles and scripts where the package does not put them.
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_HARDOCK_CONFIGURED_PREFIX STREQUAL "/usr")
  message(FATAL_ERROR "hardock: this build directory was configured with "
    "CMAKE_INSTALL_PREFIX=${CPACK_HARDOCK_CONFIGURED_PREFIX}; the Debian package "
    "needs -DCMAKE_INSTALL_PREFIX=/usr (scripts/package.sh does that)")
endif()
