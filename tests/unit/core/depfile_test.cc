#include "core/depfile.h"

#include <gtest/gtest.h>

TEST(Depfile, EscapesSpacesHashesAndDollars) {
  EXPECT_EQ(EscapeDepfilePath("/a b/c#d/$e"), "/a\\ b/c\\#d/$$e");
  EXPECT_EQ(EscapeDepfilePath("/plain/path.py"), "/plain/path.py");
}

TEST(Depfile, OneTargetManyPrerequisites) {
  EXPECT_EQ(RenderDepfile({"/b/dists.json"}, {"/p/pyproject.toml", "/p/my pkg/__init__.py"}),
            "/b/dists.json: \\\n  /p/pyproject.toml \\\n  /p/my\\ pkg/__init__.py\n");
}

TEST(Depfile, SeveralTargetsAndNoPrerequisites) {
  EXPECT_EQ(RenderDepfile({"/d/a.tar.gz", "/d/a.whl"}, {}), "/d/a.tar.gz /d/a.whl:\n");
}
