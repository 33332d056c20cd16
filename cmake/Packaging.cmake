# `cpack -G DEB` in a build directory configured with
# -DCMAKE_INSTALL_PREFIX=/usr (scripts/package.sh does it) makes
# hardock_VERSION_ARCH.deb from the install rules of cmake/Install.cmake.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hardock)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "hardock maintainers <maintainers@hardock.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "audit a Docker host against the CIS Docker Benchmark")
set(CPACK_PACKAGE_DESCRIPTION "\
hardock collects every fact about a Docker host once (the Engine API, the
daemon's effective configuration, file permissions, AppArmor and SELinux,
kernel, audit rules, process capabilities and seccomp), evaluates the CIS
Docker Benchmark's checks and its own over that snapshot, and reports as
text, JSON evidence, HTML, CSV, JUnit or Prometheus metrics. It never
modifies the host it audits.
.
The package also ships a hardened systemd timer for a nightly scan that
keeps dated reports, diffs them and feeds node_exporter's textfile
collector, and bash completion.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The libraries' packages, with versions, from dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, prometheus-node-exporter")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/contrib/debian/conffiles
  ${CMAKE_SOURCE_DIR}/contrib/debian/postinst
  ${CMAKE_SOURCE_DIR}/contrib/debian/prerm
  ${CMAKE_SOURCE_DIR}/contrib/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
# Checked when cpack runs: the binary and the units name the prefix.
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_SOURCE_DIR}/cmake/PackagingCheck.cmake)
set(CPACK_HARDOCK_CONFIGURED_PREFIX ${CMAKE_INSTALL_PREFIX})
include(CPack)
