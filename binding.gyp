{
  "targets": [
    {
      "target_name": "mpi4js",
      "sources": [
        "csrc/addon.cc",
        "csrc/errors.cc",
        "csrc/handles.cc",
        "csrc/message.cc",
        "csrc/comm.cc",
        "csrc/p2p.cc",
        "csrc/datatype.cc",
        "csrc/status.cc",
        "csrc/op.cc",
        "csrc/request.cc",
        "csrc/group.cc",
        "csrc/topo.cc",
        "csrc/collective.cc",
        "csrc/env.cc",
        "csrc/msgpool.cc",
        "csrc/info.cc",
        "csrc/errhandler.cc",
        "csrc/threads.cc",
        "csrc/win.cc",
        "csrc/dynamic.cc",
        "csrc/file.cc",
        "csrc/session.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "NAPI_CPP_EXCEPTIONS",
                  "OMPI_SKIP_MPICXX=1", "MPICH_SKIP_MPICXX=1"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O2", "<!@(node scripts/probe-mpi.js --cflags)"],
      "libraries": ["<!@(node scripts/probe-mpi.js --libs)", "-ldl"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CFLAGS": ["<!@(node scripts/probe-mpi.js --cflags)"]
      }
    }
  ]
}
