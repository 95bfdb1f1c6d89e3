// Wheel tags. Pure Python wheels only for now: `py3-none-any`, or `py2.py3-none-any` where the
// project's backend would write it (flit and hatchling, when requires-python admits Python 2).
#pragma once

#include <string>

#include "spec/metadata.h"

std::string PureWheelTag(const Metadata& meta);

// "<filename name>-<version>-<tag>.whl" and "<filename name>-<version>.tar.gz" (PEP 427/625).
std::string WheelFileName(const Metadata& meta, const std::string& tag);
std::string SdistFileName(const Metadata& meta);
