#include "project/setup_py.h"

#include <gtest/gtest.h>

// The stubs real setup.cfg projects keep (pycodestyle, identify, pre-commit, ipywidgets) are bare.
TEST(SetupPy, BareStubsAsProjectsWriteThem) {
  EXPECT_TRUE(OnlyCallsSetupWithoutArguments("from setuptools import setup\nsetup()\n"));
  EXPECT_TRUE(OnlyCallsSetupWithoutArguments(
      "from __future__ import annotations\n\nfrom setuptools import setup\nsetup()\n"));
  EXPECT_TRUE(OnlyCallsSetupWithoutArguments(
      "#!/usr/bin/env python\n# Copyright (c) IPython Development Team.\n\n"
      "from setuptools import setup\n\nif __name__ == '__main__':\n    setup()\n"));
  EXPECT_TRUE(OnlyCallsSetupWithoutArguments(
      "import setuptools\r\nsetuptools.setup()  # see setup.cfg\r\n"));
  EXPECT_TRUE(OnlyCallsSetupWithoutArguments(
      "import setuptools\nif __name__ == \"__main__\":\n\tsetuptools.setup()\n"));
}

// Anything that could change the build, or that setuptools itself would fail on, is not bare.
TEST(SetupPy, AnythingElseIsNotBare) {
  for (const char* text : {
           "from setuptools import setup\nsetup(name='demo')\n",  // an argument
           "from setuptools import setup\nsetup(\n)\n",           // a call over two lines
           "from setuptools import setup\nsetup(); import os\n",  // two statements
           "import os\nfrom setuptools import setup\nsetup()\n",  // another import
           "from __future__ import annotations; import os\nfrom setuptools import setup\nsetup()\n",
           "\"\"\"Packaging.\"\"\"\nfrom setuptools import setup\nsetup()\n",  // a docstring
           "from setuptools import setup\nsetup()\nsetup()\n",                 // twice
           "from setuptools import setup\n",                                   // never called
           "setup()\n",                     // NameError in setuptools
           "import setuptools\nsetup()\n",  // NameError too
           "from setuptools import setup\nif __name__ == '__main__':\nsetup()\n",  // no body
           "from setuptools import setup\nif __name__ == '__main__':\n    setup()\n    print(1)\n",
           "from setuptools import setup\n    setup()\n",  // indented at top level
           "from distutils.core import setup\nsetup()\n",
       })
    EXPECT_FALSE(OnlyCallsSetupWithoutArguments(text)) << text;
}
