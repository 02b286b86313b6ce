from dcledger.cli.main import main

main()
