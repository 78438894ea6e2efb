"""reportgen's templates and standard wording; this file lets them ship inside the package."""
