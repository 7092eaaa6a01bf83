from sftmine.cli import main

main()
