from jdcheck.cli import main

raise SystemExit(main())
