#include "cli/app.h"

int main(int argc, char** argv) { return fbaflow::cli::Run(argc, argv); }
